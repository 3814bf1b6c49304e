"""Shufti in the replay mirror: the guest jobs API and the app's job pages.

* The API host (`SHUFTI_API_BASE_URL`) answers `/api/v1/guest/jobs` exactly as the real guest
  API does: PHP-style JSON (4-space indent, `\\/`, non-ASCII as `\\uXXXX`), 20 jobs a page newest
  first, prices as strings, `period` as あとN日 / あとN時間 / `--`, `links` (self with its
  parameters in alphabetical order, the others in request order, `prev` null on page 1), `auth`
  and `meta`; filtered by `job_tag_id` or `keyword`.
* The app host (`SHUFTI_APP_BASE_URL`) serves `/jobs/view/<id>` as the real single-page app
  does: a shell with no job in it. Its script fetches the job from a mirror-only endpoint
  (`/_mirror/shufti/jobs/<id>`: the real app has no known job JSON, and spiders must not use
  it) and, 300 ms later, appends `h1` and `div.job-description`. A plain GET shows nothing.
* `never_renders(id)` is a Fault for tests: that job page stays an empty shell forever.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any
from urllib.parse import quote, urlencode

from tanka.mirror.server import Fault, MirrorRequest, MirrorSite, Page
from tanka.mirror.world import MirrorGig
from tanka.normalize.text import nfkc

API = "SHUFTI_API_BASE_URL"
APP = "SHUFTI_APP_BASE_URL"
JOBS_PATH = "/api/v1/guest/jobs"
PER_PAGE = 20
JOB_DATA_PATH = re.compile(r"^/_mirror/shufti/jobs/(\d+)$")
JOB_PAGE_PATH = re.compile(r"^/jobs/view/(\d+)$")
DEFAULT_THUMBNAIL = "https://s3-ap-northeast-1.amazonaws.com/shufti-prod/Image/shufti-thumb-2.png"
TAGS = {1: ("初心者歓迎", "beginner"), 2: ("スキル不要", "noskill"), 4: ("昇給あり", "salaryup"),
        5: ("マニュアルあり", "manual"), 6: ("作業時間10分以内", "10minutes"), 7: ("アンケート", "questionary"),
        8: ("商品登録", "register"), 9: ("データ入力", "data_entry")}
_WORLD_TAG_IDS = {"初心者歓迎": 1, "スキル不要": 2, "マニュアルあり": 5}


# ----- one job, as the API shows it ------------------------------------------------------------------
def job_name(gig: MirrorGig) -> str:
    name = f"【急募】{gig.title}" if gig.urgent else gig.title
    return f"{name}💡" if gig.id % 5 == 0 else name  # real names carry emoji (surrogate pairs in JSON)


def units_per_worker(gig: MirrorGig) -> int:
    """Items one worker delivers: price ÷ unit price is always whole on the real site."""
    unit_price = gig.unit_price or 1
    if gig.kind == "task":
        return min(gig.units or 1, 30)
    return max(1, round((gig.budget_max or unit_price) / unit_price))


def hourly_wage(gig: MirrorGig) -> int | None:
    """Shufti's 想定時給, kept within the real range (20–4,200円/h): dearer items take longer."""
    if not gig.unit_price or not gig.unit_minutes:
        return None
    minutes = gig.unit_minutes * max(1, gig.unit_price // 200)
    return min(4200, max(20, round(gig.unit_price * 60 / minutes)))


def period(gig: MirrorGig, day: int) -> str:
    """Time left: applications close at midnight before the world's close day; the clock is 09:00."""
    if gig.limited and gig.id % 2 == 0:
        return "--"
    hours = gig.days_left(day) * 24 - 9
    return f"あと{hours}時間" if hours < 24 else f"あと{hours // 24}日"


def job_tags(gig: MirrorGig) -> list[dict[str, Any]]:
    ids = [_WORLD_TAG_IDS[t] for t in gig.tags if t in _WORLD_TAG_IDS]
    if gig.category == "data_entry":
        ids.append(9)
    if gig.category == "survey":
        ids.append(7)
    if "登録" in gig.title:
        ids.append(8)
    if gig.unit_minutes and gig.unit_minutes <= 10:
        ids.append(6)
    if gig.id % 7 == 0:
        ids.append(4)
    return [{"id": i, "name": TAGS[i][0], "link": TAGS[i][1]} for i in dict.fromkeys(ids)]


def job_attributes(gig: MirrorGig, day: int) -> dict[str, Any]:
    units = units_per_worker(gig)
    client = gig.client
    return {
        "name": job_name(gig),
        "type": 2 if gig.kind == "task" else 1,
        "price": str((gig.unit_price or 0) * units),
        "unit_price": str(gig.unit_price or 0),
        "remaining_count": None,
        "period": period(gig, day),
        "job_hourly_wage": hourly_wage(gig),
        "limited": gig.limited,
        "job_tags": job_tags(gig),
        "view_count": gig.views,
        "continuous_order": bool({"継続依頼あり", "長期"} & set(gig.tags)),
        "client_id": client.id,
        "client_name": client.name,
        "client_thumbnail": DEFAULT_THUMBNAIL,
        "client_hourly_wage": None if client.orders == 0 else 200 + client.id * 37 % 1800,
    }


def job_description(gig: MirrorGig, day: int) -> str:
    attrs = job_attributes(gig, day)
    reward = f"1件{int(attrs['unit_price']):,}円 × {units_per_worker(gig)}件（合計{int(attrs['price']):,}円）"
    return gig.description.replace("\r\n", "\n") + f"\n\n■ 報酬\n{reward}"


# ----- the API host -------------------------------------------------------------------------------------
def php_json(payload: Any) -> str:
    """JSON as PHP's json_encode(JSON_PRETTY_PRINT) writes it: \\uXXXX, \\/ and 4-space indents."""
    return json.dumps(payload, ensure_ascii=True, indent=4).replace("/", "\\/")


def _matches(gig: MirrorGig, tag: int | None, keyword: str | None) -> bool:
    if tag is not None and tag not in {t["id"] for t in job_tags(gig)}:
        return False
    if keyword:
        text = nfkc(f"{job_name(gig)}\n{gig.description}").casefold()
        return all(word in text for word in nfkc(keyword).casefold().split())
    return True


def _url(base: str, params: list[tuple[str, str]]) -> str:
    return f"{base}{JOBS_PATH}?{urlencode(params, quote_via=quote)}"


def guest_jobs(request: MirrorRequest) -> Page:
    if request.path != JOBS_PATH:
        return Page(php_json({"message": "Not Found"}), 404, "application/json")
    tag_arg, keyword = request.arg("job_tag_id"), request.arg("keyword")
    tag = int(tag_arg) if tag_arg and tag_arg.isdigit() else (-1 if tag_arg else None)
    gigs = [g for g in request.world.open_gigs("shufti", request.day) if _matches(g, tag, keyword)]
    page = request.page_number()
    last = max(1, math.ceil(len(gigs) / PER_PAGE))
    shown = gigs[(page - 1) * PER_PAGE: page * PER_PAGE]
    base = request.base_urls[API]
    params = [(k, v[0]) for k, v in request.query.items() if k != "page"]

    def link(n: int) -> str:
        return _url(base, [*params, ("page", str(n))])

    payload = {
        "links": {
            "self": _url(base, sorted([*params, ("page", str(page))])),
            "first": link(1),
            "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < last else None,
            "last": link(last),
        },
        "data": [{"type": "jobs", "id": g.id, "attributes": job_attributes(g, request.day)} for g in shown],
        "auth": [],
        "meta": {"total": len(gigs), "per_page": PER_PAGE, "current_page": page, "last_page": last},
    }
    return Page(php_json(payload), content_type="application/json")


# ----- the app host ---------------------------------------------------------------------------------------
_SHELL = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>シュフティ</title>
<style>.job-description{{white-space:pre-line}}</style>
</head>
<body>
<noscript>シュフティをご利用いただくにはJavaScriptを有効にしてください。</noscript>
<div id="app"></div>
<script>{script}</script>
</body>
</html>
"""

# Like the real app: nothing in the HTML; the job arrives by fetch and is drawn a little later.
_RENDER_JOB = """
(function () {
  var match = location.pathname.match(/\\/jobs\\/view\\/(\\d+)/);
  if (!match) { return; }
  function el(tag, cls, text) {
    var e = document.createElement(tag); if (cls) { e.className = cls; } e.textContent = text; return e;
  }
  fetch('/_mirror/shufti/jobs/' + match[1])
    .then(function (r) { return r.ok ? r.json() : null; })
    .catch(function () { return null; })
    .then(function (job) {
      setTimeout(function () {
        var app = document.getElementById('app');
        if (!job) { app.appendChild(el('p', 'not-found', 'お探しのページは見つかりませんでした。')); return; }
        var main = document.createElement('main');
        main.appendChild(el('h1', '', job.name));
        if (job.closed) { main.appendChild(el('p', 'job-closed', 'この仕事の募集は終了しました')); }
        main.appendChild(el('div', 'job-description', job.description));
        app.appendChild(main);
      }, 300);
    });
})();
"""

APP_SHELL = _SHELL.format(script=_RENDER_JOB)
# The shell of a job page whose scripts never draw anything (a broken or blocked app bundle).
NEVER_RENDERING_SHELL = _SHELL.format(script="/* the app bundle failed to load */")


def app_pages(request: MirrorRequest) -> Page:
    data = JOB_DATA_PATH.match(request.path)
    if data:
        gig = request.world.find("shufti", int(data.group(1)), request.day, include_closed=True)
        if gig is None:
            return Page.json({"message": "Not Found"}, 404)
        return Page.json({"id": gig.id, "name": job_name(gig), "description": job_description(gig, request.day),
                          "closed": gig.days_left(request.day) == 0}, ensure_ascii=False)
    # A single-page app: every route gets the same shell, and the script decides what to draw.
    return Page(APP_SHELL)


def never_renders(listing_id: int) -> Fault:
    """A Fault that serves job `listing_id`'s page as a shell whose content never appears."""
    return Fault(rf"^/jobs/view/{listing_id}(?:[?#]|$)", status=200, setting=APP, body=NEVER_RENDERING_SHELL)


SITE = MirrorSite(
    name="shufti",
    hosts={API: guest_jobs, APP: app_pages},
    kinds={"fixed": 0.55, "task": 0.45},
    id_base=386_000,
    robots={},  # app.shufti.jp/robots.txt answers 404; the API host's is unknown
    data_containers={"list": ((r'"data": \[', '"jobs": ['),)},  # a redesign: the guest API's `data` renamed
)
