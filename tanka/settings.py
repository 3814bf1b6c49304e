"""Scrapy settings for tanka: polite live defaults, the pipeline order, the sites' base URLs.

Every base URL is a setting so that the replay mirror (tests, `make demo`, benchmarks) is
reached by settings alone: `tanka crawl --mirror` passes `-s CROWDWORKS_BASE_URL=http://127.0.0.1:…`.
The sites' own facts (live base URLs, fees, listing sets) are declared by their spiders and found
by the site registry (tanka/sites.py): nothing here names a site but Shufti's opt-in.
"""

import os
import shutil

from store.db import default_db_path
from tanka.sites import SPIDER_MODULES  # noqa: F401  (Scrapy reads it from here)

BOT_NAME = "tanka"
NEWSPIDER_MODULE = "spiders"

# --- who we are, and how gently we ask ------------------------------------------------------
TANKA_CONTACT = os.environ.get("TANKA_CONTACT", "https://github.com/tanka-jp/tanka")
USER_AGENT = f"tanka/0.1 (personal gig-price research; one request at a time; +{TANKA_CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 5
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 5
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19 opens an HTTP control port per crawl otherwise
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
    "Accept-Language": "ja,en;q=0.5",
}
# 429 and 503 are handled by RetryAfterMiddleware (Scrapy's retry ignores Retry-After); 403 is never retried.
# Timeouts, connection resets and cut-off bodies are retried by Scrapy (RETRY_TIMES), then counted.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]
TANKA_MAX_RETRY_AFTER = 300  # seconds; a longer Retry-After stops the crawl instead
TANKA_RETRY_AFTER_TIMES = 1  # a 429 with Retry-After is honoured this many times per page
TANKA_BACKOFF_RETRIES = 3  # a 503 is retried this many times per page, waiting longer each time …
TANKA_BACKOFF_BASE = 10.0  # … 10 s, 20 s, 40 s (unless its Retry-After says otherwise) …
TANKA_BACKOFF_MAX = 300.0  # … never more than this; the whole host slows down meanwhile
TANKA_MAX_DETAIL_REFUSALS = 5  # detail pages refused in a row (401/403/429/503, login) that stop the site's crawl
DOWNLOADER_MIDDLEWARES = {
    "tanka.middlewares.SiteHostsMiddleware": 40,  # first: an off-site request never reaches robots.txt (100)
    "tanka.middlewares.RetryAfterMiddleware": 540,
    "tanka.middlewares.UnreachableHostMiddleware": 555,  # sees a DNS failure before RetryMiddleware (550)
    "tanka.middlewares.EncodingMiddleware": 570,  # after decompression (590) …
    "tanka.middlewares.TruncatedPageMiddleware": 575,  # … and after this: a cut page is not an encoding problem
    "tanka.middlewares.LoginRedirectMiddleware": 650,  # sees a 3xx before RedirectMiddleware (600) follows it
}
# A crawl stays on its site (SiteHostsMiddleware); redirects are few and short, and a <meta refresh>
# is never followed (no site needs it). No page of these sites is near a megabyte: anything much
# bigger is not the page we asked for.
REDIRECT_MAX_TIMES = 3
METAREFRESH_ENABLED = False
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
HTTPCACHE_ENABLED = False
EXTENSIONS = {
    "tanka.extensions.ProgressReporter": 500,
}
TANKA_PROGRESS = os.environ.get("TANKA_PROGRESS", "")  # "jsonl": progress lines on stdout for `tanka crawl`

# --- the sites --------------------------------------------------------------------------------
# Shufti's terms (利用規約 第18条) restrict secondary use of its content, and whether a third party
# may call its internal guest API is an open question: live Shufti crawls stay off until the user
# turns this on for their own personal use. The replay mirror is always allowed.
SHUFTI_ENABLED = os.environ.get("TANKA_SHUFTI_ENABLED", "") == "1"

TANKA_MAX_PAGES = 3  # pages per listing set (0 = no limit); per site: CROWDWORKS_MAX_PAGES …
TANKA_FULL_CRAWL = False  # True: walk every page even when a page holds nothing new

# --- browser, for pages that need JavaScript (Shufti job pages only) -------------------------
TANKA_CHROMIUM = os.environ.get("TANKA_CHROMIUM") or shutil.which("chromium") or ""
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# No GPU process (headless pages draw in software anyway) and one renderer process for all pages:
# ~100 MB less for a crawl of Shufti's job pages (BENCHMARKS.md, shufti_peak_pss_mb).
CHROMIUM_ARGS = ["--disable-gpu", "--renderer-process-limit=1", "--disable-extensions", "--mute-audio"]
PLAYWRIGHT_LAUNCH_OPTIONS = {"headless": True, "args": CHROMIUM_ARGS,
                             **({"executable_path": TANKA_CHROMIUM} if TANKA_CHROMIUM else {})}
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000

# --- pipelines and the store -------------------------------------------------------------------
ITEM_PIPELINES = {
    "pipelines.dedupe.DedupePipeline": 100,
    "pipelines.normalize.NormalizePipeline": 200,
    "pipelines.validate.ValidatePipeline": 300,
    "pipelines.score.ScorePipeline": 400,
    "pipelines.store.StorePipeline": 900,
}
TANKA_DB = str(default_db_path())
TANKA_STORE_BATCH = 2000
TANKA_KNOWN_LOADER = "store.known.load_known"
TANKA_CONFIG = os.environ.get("TANKA_CONFIG")

LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

# --- logs: one line per event, naming the site and the crawl run (logs.py) ---------------------
from tanka import logs  # noqa: E402  (the record factory must be in place before Scrapy formats a line)

logs.install()
LOG_FORMAT = logs.FORMAT
LOG_DATEFORMAT = logs.DATE_FORMAT
STATS_DUMP = False  # a multi-line dump; the run's stats are stored in crawl_runs.stats instead

# --- quick polls for alerts (spiders/base.py, tanka/alerts) ---------------------------------------
TANKA_POLL_MAX_PAGES = 2  # list pages a poll reads per listing set at most
TANKA_POLL_MAX_DETAILS = 7  # detail pages a poll fetches at most (2 list pages + robots.txt + 7 = 10 requests)
TANKA_POLL_FILTER = "tanka.alerts.prefilter.poll_filter"  # which new listings' detail pages a poll fetches
