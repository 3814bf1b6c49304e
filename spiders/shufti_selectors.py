"""Shufti's brittle parts, kept together: API paths and parameters, job tags, page selectors.

Facts from ../shared/docs/sites/shufti.md: the guest list API and its parameters were seen in
real responses; the job page's `h1` and `div.job-description` were read from rendered pages by
one public scraper (April 2025). Nothing else on a job page is known, so nothing else is read.
"""

from __future__ import annotations

import re

from tanka.normalize.text import nfkc

JOBS_PATH = "/api/v1/guest/jobs"
# Newest first; the only sort value ever seen. Sent URL-encoded, as the app does.
SORT_NEWEST = "start_date|desc"
# The fixed filters of every listing set, in the order the public client sends them.
BASE_QUERY = (("sort", SORT_NEWEST), ("recruiting", "all"), ("continuous_order", "all"))

JOB_PATH = "/jobs/view/{id}"
JOB_PATH_ID = re.compile(r"/jobs/view/(\d+)")
SAVED_JOB_FILE = re.compile(r"^view_(\d+)\.html?$")

# Rendered job page (browser only).
TITLE = "h1"
DESCRIPTION = "div.job-description"

# job_tag_id → (name, link slug); id 3 was never seen.
JOB_TAGS: dict[int, tuple[str, str]] = {
    1: ("初心者歓迎", "beginner"),
    2: ("スキル不要", "noskill"),
    4: ("昇給あり", "salaryup"),
    5: ("マニュアルあり", "manual"),
    6: ("作業時間10分以内", "10minutes"),
    7: ("アンケート", "questionary"),
    8: ("商品登録", "register"),
    9: ("データ入力", "data_entry"),
}

# `continuous_order: true` as a tag: the label a public client shows for it (meaning inferred).
CONTINUOUS_ORDER_TAG = "継続発注あり"
LIMITED_TAG = "limited"


def tag_id(value: str) -> int:
    """A job tag given by id (`1`), link slug (`beginner`) or Japanese name (`初心者歓迎`)."""
    text = nfkc(value).strip()
    if text.isdigit() and int(text) in JOB_TAGS:
        return int(text)
    for number, (name, link) in JOB_TAGS.items():
        if text in (nfkc(name), link):
            return number
    known = ", ".join(f"{n} {name}/{link}" for n, (name, link) in JOB_TAGS.items())
    raise KeyError(f"unknown Shufti job tag {value!r} (known: {known})")
