"""CrowdWorks' brittle parts, kept together: paths, the list JSON's keys, detail-page selectors.

Facts from ../shared/docs/sites/crowdworks.md. The list container and its JSON were seen in real
pages (§3); the detail page's markup is inferred from public parsers (§4) and the fixtures of it
are synthetic, so every detail selector here is a guess the tests pin down and the crawl stats
report (`tanka/detail/unavailable/layout_changed`) when the live page disagrees.
"""

from __future__ import annotations

import re

# ----- URLs ---------------------------------------------------------------------------------------
JOBS_PATH = "/public/jobs"
SEARCH_PATH = "/public/jobs/search"
CATEGORY_PATH = "/public/jobs/category/{id}"
JOB_PATH = "/public/jobs/{id}"
JOB_PATH_ID = re.compile(r"/public/jobs/(\d+)(?:[/?#]|$)")
SAVED_DETAIL_FILE = re.compile(r"^detail_(\d+)\.html?$")
# Open listings only, newest first: the parameters the site's own search form sends.
LIST_QUERY = (("hide_expired", "true"), ("order", "new"))
KEYWORD_PARAM = "search[keywords]"
PAGE_PARAM = "page"

# ----- list pages: one element holds the whole result set as HTML-escaped JSON --------------------
LIST_CONTAINER_DATA = "#vue-container::attr(data)"  # by id: no real page has a <vue-container> tag
RESULT_KEY = "searchResult"
MAIN_LIST = "job_offers"
# Paid placements shown with a PR badge, most expensive first.
PR_SLOTS = ("pr_diamond", "pr_platinum", "pr_gold")

# `payment` and `entry` hold exactly one of these keys (§3.3).
FIXED = "fixed_price_payment"
HOURLY = "hourly_payment"
TASK = "task_payment"
WRITING = "fixed_price_writing_payment"
COMPETITION = "competition_payment"
PROJECT_ENTRY = "project_entry"
TASK_ENTRY = "task_entry"
COMPETITION_ENTRY = "competition_entry"

# CrowdWorks' own placement services: listings, but not beginner gigs (§8).
AGENCY_CLIENTS = frozenset({"クラウドワークス テック", "cw_agent"})

# The list JSON carries only `category_id`. Names seen in page titles (16, 249) or used by
# scrapers for these ids (226, 242, inferred). Unknown ids stay without a name.
CATEGORY_NAMES: dict[int, str] = {
    16: "HTML・CSSコーディング",
    226: "システム開発",
    242: "アプリ・スマートフォン開発",
    249: "データ作成・入力",
}

# ----- detail pages (markup inferred, §4) ---------------------------------------------------------
DETAIL_WRAPPER = "#job_offer_detail"
CANONICAL = "link[rel=canonical]::attr(href)"
TITLE = "#job_offer_detail h1"
TITLE_SUBTITLE = "span.subtitle"
SUBTITLE_SUFFIX = "の仕事の依頼"
BREADCRUMB_LINKS = "ol.cw-breadcrumb li a"
BREADCRUMB_SUFFIX = "の仕事・求人"
CATEGORY_LINK = "/public/jobs/category/"
GROUP_LINK = "/public/jobs/group/"
SUMMARY_ROWS = "section.job_offer_summary table.summary tr"
STATUS_ROWS = "section.application_status table.application_status_table tr"
DESCRIPTION = "table.job_offer_detail_table td.confirm_outside_link"
CLIENT_DATA = "#client_detail_information_container::attr(data)"
CLOSED_TEXT = "の募集は終了しています"

# Summary table labels (th); any other label is the payment row (固定報酬制, 時間単価制 …).
POSTED_LABEL = "掲載日"
DEADLINE_LABEL = "応募期限"
DELIVERY_LABEL = "納品希望日"
# 応募状況 labels → Gig field (favorites go to extra).
STATUS_FIELDS = {"応募した人": "applicants", "契約した人": "contracts", "募集人数": "slots"}
FAVORITES_LABEL = "気になる！リスト"

# Visible client facts, read only when the client JSON is malformed (seen once by a scraper).
CLIENT_NAME_FALLBACK = ".client_name a::text"
VERIFIED_TEXTS = {"本人確認済み": True, "本人確認未提出": False}
RULE_CHECK_TEXTS = {"発注ルールチェック済み": True, "発注ルールチェック未回答": False}
ORDERS_TEXT = re.compile(r"募集実績\s*(\d[\d,]*)\s*件")
COMPLETION_TEXT = re.compile(r"完了率\s*(\d+(?:\.\d+)?)\s*[%％]")
