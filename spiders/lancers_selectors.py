"""Lancers page markup the spider depends on, kept in one place (docs: ../shared/docs/sites/lancers.md).

Every selector here was read in a real page (the fixtures of 2025-12 to 2026-09) unless marked
(inferred). When Lancers changes its markup, this is the file to update; the parsers in
spiders/lancers.py stay the same.
"""

import re

# --- search pages (/work/search[/<category>]) ----------------------------------------------------
# The main result list. The 新着の仕事 sidebar (div.p-search-job__latest, outside <main>) reuses
# the price classes, so cards are only ever read inside this container.
CARD_LIST = "div.p-search-job-medias"
CARD_CLASS = "p-search-job-media"
CARD = f"div.{CARD_CLASS}"
# A page that is a search result even when it holds no card (the ids of its cards, in order).
RESULT_CONTAINER = "main.js-search-items[data-items], main[data-items]"
SIDEBAR = "p-search-job__latest"  # class of the sidebar's root, for pages without CARD_LIST

# Card kinds, told apart by the card root's attributes.
WORK_ONCLICK = re.compile(r"goToLjpWorkDetail\((\d+)\)")
ONSITE_ONCLICK = re.compile(r"goToLjpJobDetail\((\d+)\)")
AGENCY_ATTRIBUTE = "data-external-modal"
ONSITE_LINK = "/onsite/job/"

TITLE_LINK = "a.p-search-job-media__title"
TITLE_TAG = "li.p-search-job-media__tag"  # NEW, 急募, 限定公開, PR … inside the title link
TITLE_TAG_KIND = re.compile(r"p-search-job-media__tag--(\w+)")
DIVISION = "li.p-search-job__division"  # 1st: sub-category link; 2nd: the client's industry
DIVISION_LINK = "a.p-search-job__division-link"
WORK_TYPE_BADGE = "span[class*='c-badge--worktype-']"
WORK_TYPE_CLASS = re.compile(r"c-badge--worktype-(\w+)")
WORK_TYPE_TEXT = "span.c-badge__text::text"
PRICE = "span.p-search-job-media__price"
TIME_TEXT = "span.p-search-job-media__time-text::text"
TIME_REMAINING = "span.p-search-job-media__time-remaining::text"
FEATURE_TAG = "li.p-search-job-media__tag-list"
DESCRIPTION = "div.c-media__description.js-job-show-description"
# Logged-in views (and the related cards of a detail page) drop the js- class: the description is
# then the c-media__description that does not hold the tag list.
DESCRIPTION_PLAIN = ("./descendant::div[contains(concat(' ', normalize-space(@class), ' '), ' c-media__description ')]"
                     "[not(.//ul)]")
COUNT = "div.p-search-job-media__proposals em.p-search-job-media__propose"
COUNT_NUMBER = "span.p-search-job-media__propose-number::text"
CLIENT_LINK = "p.p-search-job-media__avatar-note a[href*='/client/']"
CLIENT_NOTE = "p.p-search-job-media__avatar-note"
CLIENT_SUBNOTE = "span.p-search-job-media__avatar-subnote"
CLIENT_VERIFIED = "i.p-search-job-media__avatar-badge.is-verified"
CLIENT_PATH = re.compile(r"/client/([^/?#]+)")
CATEGORY_PATH = re.compile(r"/work/search/([a-z0-9_/]+?)/?(?:[?#]|$)")

# Card-root classes of paid placements and urgent listings.
PR_CLASSES = frozenset({"top", "middle"})
URGENT_CLASS = "hurry"

# Pager: 次へ is a link inside span.c-pager__item--next; on the last page the span is disabled.
PAGER_NEXT = "nav.c-pager span.c-pager__item--next"
PAGER_CURRENT = "nav.c-pager li.c-pager__item.current a::text"
DISABLED_CLASS = "is-disabled"

# A redirect to the login form means Lancers refused the anonymous request.
LOGIN_FORM = "form#login_form, #UserEmail"
LOGIN_PATH = "/user/login"

# --- error pages ------------------------------------------------------------------------------------
# The 404 page (`error_404_2026-04.html`): div.p-404 with em.p-404__header-number "404". Other
# statuses are assumed to follow the same p-<status> pattern (inferred).
# Candidates by a cheap class prefix; ERROR_STATUS then wants exactly a p-<status> class.
ERROR_ROOT = "//div[contains(concat(' ', @class), ' p-4') or contains(concat(' ', @class), ' p-5')]"
ERROR_STATUS = re.compile(r"(?:^|\s)p-([45]\d\d)(?:\s|$)")
ERROR_HEADING = "h1::text"

# --- detail page (/work/detail/<id>) -------------------------------------------------------------
# Two layouts: the anonymous "client view" (detail_5552617.html: 見積もり募集の結果, no client, no
# dates) and the newer lancer view (detail_5534856_2026-04.html, logged in: dates, 提案状況, the
# client box). Both hold the same summary table and definition lists; the lancer view also
# holds related-job cards (p-search-job-media) of other listings, which are never read.
DETAIL_ROOT = "div.p-work-detail-client, div.p-work-detail-lancer"
DETAIL_ID = re.compile(r"/work/detail/(\d+)")
CANONICAL = "link[rel=canonical]::attr(href)"
OG_URL = "meta[property='og:url']::attr(content)"
OG_TITLE = "meta[property='og:title']::attr(content)"
HEADING = "h1.c-heading--lv1"
HEADING_SUB = "span.c-heading__sub"
HEADING_BADGE = "span[class*='c-badge--']:not([class*='c-badge--worktype-']) span.c-badge__text::text"
BREADCRUMB_LINK = "ul.c-breadcrumb li.c-breadcrumb__item a"
SUMMARY_COLUMN = "div.c-2016-tableSummary div.tableSummary__col"
SUMMARY_LABEL = "p.c-text"
SUMMARY_VALUE = "p.c-heading"
SUMMARY_PRICE_COLUMN = "tableSummary__col--compensation"  # newer layout: work type and budget
SUMMARY_PRICE = "div.c-text"
WORK_TYPE_BADGE_DETAIL = "span[class*='c-badge--worktype-']"
# Newer layout only (detail_5534856_2026-04.html).
DETAIL_TAG = "ul.c-lists li.c-tag"  # 依頼番号：5534856, 募集中, 源泉徴収されない
SCHEDULE_ITEM = "p.p-work-detail-schedule span.p-work-detail-schedule__item"
SCHEDULE_TITLE = "span.p-work-detail-schedule__item__title::text"
SCHEDULE_TEXT = "span.p-work-detail-schedule__text::text"
PROPOSAL_STATUS = "div.work_detail__proposal-status p"  # 提案数 22件, お気に入り 6人, 閲覧数 119回 …
PROPOSAL_STATUS_NUMBER = "span.work_detail__proposal-status-number::text"
CLIENT_BOX = "div.p-work-detail-client-box"
CLIENT_BOX_NAME = "div.client_name a[href*='/client/'], a.c-link[href*='/client/']"
CLIENT_SUB_HEADING_NAME = "div.p-work-detail-sub-heading a.c-link[href*='/client/']"
CLIENT_CHECK = "dl.p-work-detail-client-box-work-status__content-list"
CLIENT_CHECK_LABEL = "dd::text"
CLIENT_CHECK_DONE = "dt i.c-icon--circle-check"
CLIENT_FEEDBACK_COLUMN = "div.p-work-detail-client-box-feedback-info__col"
CLIENT_FEEDBACK_TITLE = "div.p-work-detail-client-box-feedback-info__title::text"
CLIENT_FEEDBACK_GOOD = "p.p-work-detail-client-box-feedback-info__number-good ::text"
CLIENT_FEEDBACK_BAD = "p.p-work-detail-client-box-feedback-info__number-bad ::text"
CLIENT_ORDER_RATE = "p.p-work-detail-client-box-feedback-info__percent::text"
CLIENT_AWARDED = "span.result_summary_awarded::text"
CLIENT_POSTED = "span.result_summary_posted::text"
DEFINITION = "dl.c-definition-list"
DEFINITION_TERM = "dt.c-definition-list__term"
DEFINITION_TEXT = "dd.c-definition-list__description"
# Text added after publication sits under an empty term; its label comes from CSS.
ADDENDUM_TERM_CLASS = "cp-term"
ADDENDUM_LABEL = "依頼公開後の追記内容"
RESTRICTED_TITLE = "閲覧制限"
