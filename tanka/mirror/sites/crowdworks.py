"""CrowdWorks on the replay mirror: list, search and category pages, job pages, robots.txt.

List pages have the real page's shape (../shared/docs/sites/crowdworks.md §3): no job cards, one
`div#vue-container` whose `data` attribute is the result set as JSON, encoded the way the real
site encodes it (Rails: `&`, `<`, `>` as JSON `\\u` escapes, then only `"` → `&quot;` in the
attribute), 50 listings a page, paid PR slots on the unfiltered list. Job pages follow the
markup inferred in §4 (the same as the synthetic detail fixtures). Listings come from the
mirror's World; everything here only renders them.
"""

from __future__ import annotations

import html
import json
import math
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from tanka.mirror.server import MirrorLogin, MirrorRequest, MirrorSite, Page
from tanka.mirror.world import MirrorGig
from tanka.normalize.text import nfkc

SITE_NAME = "crowdworks"
PAGE_SIZE = 50
# The real mix of the 85 listings in the three real list fixtures (§3.3), rounded.
KINDS_WEIGHTS = {"fixed": 0.7, "hourly": 0.1, "task": 0.1, "writing": 0.07, "competition": 0.03}
PR_SLOT_SIZES = (("pr_diamond", 3), ("pr_platinum", 2), ("pr_gold", 2))
AGENCY = (900_001, "クラウドワークス テック")

# World taxonomy key → the CrowdWorks category ids its listings get. The ids are ones real
# listings of that kind carry; 249 (データ作成・入力) is a parent whose jobs carry child ids (§1).
# Translation has no real example: its id is the mirror's own.
CATEGORY_IDS: dict[str, tuple[int, ...]] = {
    "writing": (37,), "data_entry": (52, 54, 55), "survey": (108,), "design": (18,),
    "development": (226,), "translation": (71,), "video": (293,), "admin": (49,),
    "marketing": (57,), "photo": (80,),
}
PARENT_CATEGORIES = {249: (52, 54, 55)}
# id → (name, group slug, group name). 226 and 249 are real names; the others are the mirror's.
CATEGORY_NAMES: dict[int, tuple[str, str, str]] = {
    37: ("記事・ブログ作成", "writing", "ライティング・記事作成"),
    52: ("データ入力", "business", "事務・カンタン作業"),
    54: ("データ収集・リスト作成", "business", "事務・カンタン作業"),
    55: ("データ整理・転記", "business", "事務・カンタン作業"),
    108: ("アンケート・モニター", "business", "事務・カンタン作業"),
    18: ("バナー・画像作成", "design", "デザイン"),
    226: ("システム開発", "system", "システム開発"),
    71: ("翻訳", "translation", "翻訳・通訳"),
    293: ("動画編集", "video", "動画・映像・アニメーション"),
    49: ("オンライン秘書", "business", "事務・カンタン作業"),
    57: ("SNS運用", "marketing", "マーケティング・PR"),
    80: ("写真撮影", "photo", "写真・画像"),
    249: ("データ作成・入力", "business", "事務・カンタン作業"),
}

# crowdworks.jp/robots.txt as quoted by a third party on 2026-04-24 (§9).
ROBOTS_TXT = """User-agent: *
Disallow: /api/
Allow: /api/v3/public/
Disallow: /attachments/
Disallow: /oauth_clients/
Disallow: /admin/
Disallow: /cases/?attachment_id=
Disallow: /articles/2012/
Disallow: /articles/2013/
Disallow: /internal/
Disallow: /deeplink/
Disallow: /identification_request_*
Disallow: /public/proposal_products/winners/

User-agent: Baiduspider
Disallow: /

User-agent: bingbot
Crawl-delay: 10
"""

SITE_TITLE = "在宅ワーク・副業するなら【クラウドワークス】"
LIST_PAGE = """<!DOCTYPE html>
<html lang="ja">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="X-UA-Compatible" content="IE=edge">
  <link rel="canonical" href="{canonical}" />
  <meta property="og:url" content="{canonical}" />
  <meta name="application-name" content="クラウドワークス"/>
  <title>{title}</title>
</head>
<body>
<div id="vue-container" data="{data}"></div>
<script>
  window.addEventListener('load', function () {{
    setTimeout(function () {{
      var container = document.getElementById('vue-container');
      /* Vue が正常に Mount された場合は、このDOMは破壊されているか子が作成されている */
      if (container && container.childElementCount === 0) {{
        document.getElementById('vue-container-error').style.display = '';
      }}
    }}, 100);
  }});
</script>
<p id='vue-container-error' style="display: none;">
  大変申し訳ありませんが、ページを正しく表示できませんでした。<br />
  時間をおいて再度お試しください。
</p>
<noscript>
  <p>
    大変申し訳ありませんが、ページを正しく表示できませんでした。<br />
    ウェブブラウザの設定でJavaScriptを有効にした上で、再度お試しください。
  </p>
</noscript>
</body>
</html>
"""
LOGIN_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="UTF-8"><title>ログイン | クラウドワークス</title></head>
<body><h1>ログイン</h1><form action="/login" method="post"><input name="username"></form></body></html>
"""


# ----- encoding ----------------------------------------------------------------------------------
_JSON_ESCAPES = (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"),
                 ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def container_attribute(payload: Any) -> str:
    """JSON for a `data="…"` attribute, escaped exactly as the real pages are."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES:
        text = text.replace(char, escape)
    return text.replace('"', "&quot;").replace("'", "&#39;")


def ja_date(day: date | datetime) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日"


# ----- one listing -----------------------------------------------------------------------------
def category_id(gig: MirrorGig) -> int:
    ids = CATEGORY_IDS.get(gig.category, (99,))
    return ids[gig.id % len(ids)]


def client_of(gig: MirrorGig) -> dict[str, Any]:
    """The client as the list shows it; development listings are sometimes CrowdWorks' own agency."""
    if gig.category == "development" and gig.id % 4 == 0:
        user_id, name = AGENCY
    else:
        user_id, name = gig.client.id, gig.client.name
    picture = "" if user_id % 3 == 0 else f"/attachments/{user_id * 7}.png?height=27&width=27"
    return {"user_id": user_id, "username": name, "user_picture_url": picture,
            "is_employer_certification": user_id % 11 == 0}


def _fixed_min(gig: MirrorGig) -> float | None:
    # "Up to X" is written both as (null, X) and (0, X) on the real site.
    if gig.budget_min is None and gig.budget_max is not None:
        return 0.0 if gig.id % 2 else None
    return None if gig.budget_min is None else float(gig.budget_min)


def payment(gig: MirrorGig) -> dict[str, Any]:
    if gig.kind == "hourly":
        return {"hourly_payment": {"min_hourly_wage": gig.hourly_min, "max_hourly_wage": gig.hourly_max}}
    if gig.kind == "task":
        return {"task_payment": {"task_price": float(gig.unit_price or 0),
                                 "estimated_work_minutes": gig.unit_minutes}}
    if gig.kind == "writing":
        chars = float(gig.unit_chars or 0)
        return {"fixed_price_writing_payment": {"article_price": float(gig.unit_price or 0),
                                                "min_articles_length": chars, "max_articles_length": chars}}
    if gig.kind == "competition":
        return {"competition_payment": {"competition_price": gig.budget_max}}
    maximum = None if gig.budget_max is None else float(gig.budget_max)
    return {"fixed_price_payment": {"min_budget": _fixed_min(gig), "max_budget": maximum}}


def entry(gig: MirrorGig) -> dict[str, Any]:
    if gig.kind == "task":
        return {"task_entry": {"num_completed_tasks": gig.done_units, "num_tasks": gig.units}}
    if gig.kind == "competition":
        return {"competition_entry": {"num_proposal_products": gig.applicants}}
    return {"project_entry": {"num_contracts": gig.contracts, "project_contract_hope_number": gig.slots,
                              "num_application_conditions": gig.applicants}}


def digest(text: str) -> str:
    """The list's description_digest: always 117 characters and "..." on the real site."""
    return text[:117] + "..." if len(text) > 117 else text


def list_entry(gig: MirrorGig) -> dict[str, Any]:
    skills = [{"id": 33, "name": "Ruby on Rails"}] if "Rails" in gig.title else []
    return {
        "job_offer": {
            "id": gig.id, "title": gig.title, "description_digest": digest(gig.description),
            "category_id": category_id(gig), "genre": "others" if gig.kind == "writing" and gig.id % 3 == 0 else None,
            "skills": skills, "options": ["urgent"] if gig.urgent else [], "status": "released",
            "expired_on": gig.deadline.isoformat(), "last_released_at": gig.posted_at.isoformat(),
            "is_login_required": gig.limited,
        },
        "payment": payment(gig),
        "entry": entry(gig),
        "client": client_of(gig),
    }


# ----- list pages ------------------------------------------------------------------------------------
def _matches(gig: MirrorGig, words: list[str]) -> bool:
    if not words:
        return True
    text = nfkc(f"{gig.title}\n{gig.description}").lower()
    return all(word in text for word in words)


def list_page(request: MirrorRequest, category: int | None) -> Page:
    keywords = nfkc(request.arg("search[keywords]") or "").lower().split()
    if category is None and (request.arg("category_id") or "").isdigit():
        category = int(request.arg("category_id") or 0)
    wanted = set(PARENT_CATEGORIES.get(category, (category,))) if category is not None else None
    gigs = [g for g in request.world.open_gigs(SITE_NAME, request.day)
            if (wanted is None or category_id(g) in wanted) and _matches(g, keywords)]
    number = request.page_number()
    shown = gigs[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
    result: dict[str, Any] = {"job_offers": [list_entry(g) for g in shown]}
    # Paid slots appear on the unfiltered list only (none on the real category and search pages),
    # the same ones on every page; the newest may also be on page 1 of the list itself.
    promoted = [g for g in gigs if g.promoted] if wanted is None and not keywords else []
    for slot, size in PR_SLOT_SIZES:
        result[slot], promoted = [list_entry(g) for g in promoted[:size]], promoted[size:]
    result.update({
        "recommendation": [], "watchlists": [],
        "page": {"current_page": number, "total_page": math.ceil(len(gigs) / PAGE_SIZE),
                 "offset": (number - 1) * PAGE_SIZE, "size": len(shown), "total_entries": len(gigs)},
    })
    payload = {"isMobile": False, "searchResult": result, "showSurvey": False, "isBeginner": False}
    base = request.base_urls["CROWDWORKS_BASE_URL"]
    if category is not None:
        canonical = f"{base}/public/jobs/category/{category}"
        name = CATEGORY_NAMES.get(category, ("すべての仕事", "", ""))[0]
        title = f"{name}の仕事・求人を探す | {SITE_TITLE}"
    else:
        # The real search pages double-escape their canonical URL's ampersands (§8).
        query = "&amp;amp;".join(urlencode({k: v[0]}) for k, v in request.query.items() if k != "page")
        canonical = f"{base}{request.path}" + (f"?{query}" if query else "")
        title = f"すべての仕事・求人情報を探す | {SITE_TITLE}"
    return Page(LIST_PAGE.format(canonical=canonical, title=html.escape(title), data=container_attribute(payload)))


# ----- job pages ---------------------------------------------------------------------------------------
def payment_row(gig: MirrorGig) -> tuple[str, str]:
    """The summary table's payment row. Task, 記事単価 and コンペ labels were never seen: invented."""
    if gig.kind == "hourly":
        return "時間単価制", f"{gig.hourly_min:,}円 〜 {gig.hourly_max:,}円"
    if gig.kind == "task":
        return "タスク形式", f"{gig.unit_price:,}円"
    if gig.kind == "writing":
        return "記事単価", f"{gig.unit_price:,}円"
    if gig.kind == "competition":
        return "コンペ形式", f"{gig.budget_max:,}円"
    low, high = _fixed_min(gig), gig.budget_max
    if high is None and not low:
        return "固定報酬制", "ワーカーと相談する"
    if not high:
        return "固定報酬制", f"{int(low or 0):,}円  〜"
    if low is None:
        return "固定報酬制", f"{high:,}円"
    if low == 0:
        return "固定報酬制", f"〜  {high:,}円"
    return "固定報酬制", f"{int(low):,}円  〜  {high:,}円"


def client_json(gig: MirrorGig) -> dict[str, Any]:
    listed = client_of(gig)
    client = gig.client
    return {
        "userId": listed["user_id"], "userDisplayName": listed["username"],
        "isCertifiedEmployer": listed["is_employer_certification"], "isOfficiallyRecognizedAccount": False,
        "isIdentityVerified": client.verified, "isEmployerRuleCheckSucceeded": client.id % 2 == 0,
        "userThanksCount": client.orders // 10, "averageScore": client.rating or 0.0,
        "jobOfferAchievementCount": client.orders, "projectFinishedRate": client.completion_rate or 0,
        "isResigned": False,
        "companyProfileDescription": None if client.id % 3 else f"{client.name}です。\r\nよろしくお願いいたします。",
    }


def _row(label: str, value: str, wrap: bool = True) -> str:
    th = f"<div>{html.escape(label)}</div>" if wrap else html.escape(label)
    return f"<tr><th>{th}</th><td>{html.escape(value)}</td></tr>"


def detail_page(request: MirrorRequest, listing_id: int) -> Page:
    index = listing_id - request.world.id_base.get(SITE_NAME, 0)
    # Ids not posted yet (far ones would overflow the World's calendar) are unknown.
    if index < 0 or (request.world.born_day(index) > request.day
                     and not request.world.is_posted(SITE_NAME, index, request.day)):
        return Page.not_found()
    gig = request.world.find(SITE_NAME, listing_id, request.day, include_closed=True)
    if gig is None:
        return Page.not_found()
    if gig.limited:
        return Page("", 302, headers={"Location": f"/login?return_to=%2Fpublic%2Fjobs%2F{listing_id}"})
    cat = category_id(gig)
    name, group_slug, group = CATEGORY_NAMES.get(cat, ("その他", "others", "その他"))
    label, amount = payment_row(gig)
    summary = "\n".join([_row(label, amount), _row("掲載日", ja_date(gig.posted_at)),
                         _row("応募期限", ja_date(gig.deadline)), _row("納品希望日", "-")])
    status = ""
    if gig.kind != "task":
        rows = [("応募した人", gig.applicants), ("契約した人", gig.contracts), ("募集人数", gig.slots),
                ("気になる！リスト", gig.views // 10)]
        status = ('<section class="application_status"><h2>応募状況</h2><table class="application_status_table">'
                  "<tbody>" + "".join(_row(k, f"{v} 人", wrap=False) for k, v in rows) + "</tbody></table></section>")
    closed = ('<p class="closed_notice">このお仕事の募集は終了しています。</p>'
              if request.day >= gig.close_day else "")
    description = "<br />\n".join(html.escape(line) for line in re.split(r"\r?\n", gig.description))
    base = request.base_urls["CROWDWORKS_BASE_URL"]
    title = html.escape(gig.title)
    body = f"""<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8">
<title>{title}のお仕事({html.escape(name)})｜クラウドソーシング「クラウドワークス」</title>
<link rel="canonical" href="{base}/public/jobs/{gig.id}"></head>
<body><div id="norman-header-section"></div>
<ol class="cw-breadcrumb"><li><a href="/public/jobs">仕事を探す</a></li><li><a href="/public/jobs/group/{group_slug}">{html.escape(group)}の仕事・求人</a></li><li><a href="/public/jobs/category/{cat}">{html.escape(name)}の仕事・求人</a></li></ol>
<div id="job_offer_detail">
<h1>{title} <span class="subtitle">{html.escape(name)}の仕事の依頼</span></h1>
{closed}
<section class="job_offer_summary"><table class="cw-table summary"><tbody>
{summary}
</tbody></table></section>
{status}
<h2>仕事の詳細</h2>
<table class="job_offer_detail_table"><tbody><tr><td class="confirm_outside_link">{description}</td></tr></tbody></table>
</div>
<div id="client_detail_information_container" data="{container_attribute(client_json(gig))}"></div>
</body></html>
"""
    return Page(body)


# ----- routing -----------------------------------------------------------------------------------------
_CATEGORY = re.compile(r"^/public/jobs/category/(\d+)/?$")
_JOB = re.compile(r"^/public/jobs/(\d+)/?$")


def handle(request: MirrorRequest) -> Page:
    path = request.path
    if path in ("/public/jobs", "/public/jobs/", "/public/jobs/search"):
        return list_page(request, None)
    if match := _CATEGORY.match(path):
        return list_page(request, int(match.group(1)))
    if match := _JOB.match(path):
        return detail_page(request, int(match.group(1)))
    if path == "/login":
        return Page(LOGIN_PAGE)
    return Page.not_found()


SITE = MirrorSite(name=SITE_NAME, hosts={"CROWDWORKS_BASE_URL": handle}, kinds=KINDS_WEIGHTS,
                  id_base=13_000_000, robots={"CROWDWORKS_BASE_URL": ROBOTS_TXT},
                  login=MirrorLogin("/login", "return_to", "CROWDWORKS_BASE_URL", LOGIN_PAGE),
                  # A redesign: the list page without div#vue-container (the result set's JSON) …
                  data_containers={"list": ((r'<div id="vue-container" data="[^"]*"></div>', ""),),
                                   "detail": ((r'<div id="job_offer_detail">', '<div id="job_offer">'),)})
