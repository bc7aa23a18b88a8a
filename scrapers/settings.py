"""Scrapy settings for declutter's crawlers: polite by default.

`scrapy crawl <site>` from the project root reads these through scrapy.cfg; `declutter crawl`
uses the same module and adds the database and run options on top.
"""
BOT_NAME = "declutter"

SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

# Who we are, so a site operator can tell. Operators should add their contact:
#   declutter crawl etoday --db news.db -s USER_AGENT="declutter/0.1 (+mailto:ops@example.org)"
USER_AGENT = "declutter/0.1 (news article archiver; Scrapy)"

# Politeness: robots.txt, few parallel requests per site, adaptive delays.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
# A small start delay: AutoThrottle then follows the site's real latency, so a fast site
# is not crawled at an artificially slow pace.
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# This machine's own servers (a local copy of a site): no politeness delay, more at once.
# (1 ms, not 0: Scrapy enforces a slot's concurrency only when the slot has a delay.)
DOWNLOAD_SLOTS = {host: {"delay": 0.001, "concurrency": 8} for host in ("127.0.0.1", "localhost", "::1")}

# Failures: retry what may pass on a second try, with growing delays; give up cleanly.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
RETRY_PRIORITY_ADJUST = -1
DECLUTTER_RETRY_BACKOFF = 1.0  # seconds before the first retry; doubled at each further try
DOWNLOAD_TIMEOUT = 30
REDIRECT_MAX_TIMES = 10
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# A page response yields one item and a listing or sitemap a few requests: Scrapy starts
# CONCURRENT_ITEMS asyncio tasks for every response's output (100 by default), which
# costs more than the page's own handling when pages are cheap.
CONCURRENT_ITEMS = 8

COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
MEMUSAGE_ENABLED = False
REMOTE_CONTROL_ENABLED = False   # no control port: cron runs need none
LOG_LEVEL = "INFO"
RETRY_GIVE_UP_LOG_LEVEL = "INFO"        # the pipeline records the failure in `errors` and logs it

SPIDER_MIDDLEWARES = {
    # Known articles are dropped before the scheduler: no request, no memory for them.
    "scrapers.middlewares.StoredUrlsMiddleware": 950,
    # ... and what is new is bounded before it queues (--max-pages, DECLUTTER_MAX_QUEUED).
    "scrapers.middlewares.QueueBounds": 940,
    # Spiders bound their own depth (DECLUTTER_MAX_LISTING_PAGES) and copy no meta wholesale.
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
DOWNLOADER_MIDDLEWARES = {
    "scrapers.guards.RefreshGuard": 50,    # meta-refresh redirects, before robots.txt (scrapers/guards.py)
    "scrapers.middlewares.ConditionalRequestsMiddleware": 80,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.BackoffRetryMiddleware": 550,
    # On the way back, before Scrapy's redirects and text decoding (scrapers/guards.py).
    "scrapers.guards.TextCodecGuard": 640,
    "scrapers.guards.RedirectGuard": 650,
    # robots.txt read to its first 500 KiB, and its Crawl-delay kept (scrapers/robots.py).
    "scrapers.robots.RobotsLimits": 120,
    # Byte and count stats per request and response (it rebuilds every response as HTTP
    # text to measure it); the crawl reports its own counts.
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,  # no spider sets credentials
}
ITEM_PIPELINES = {
    "scrapers.pipelines.CleanAndStorePipeline": 300,
}
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "scrapers.extensions.Throttle": 0,
    "scrapers.extensions.CrawlRun": 100,
    "scrapers.extensions.Progress": 200,
    "scrapers.health.SiteHealth": 300,   # per-run site figures and drift (site_runs)
}
# Opt-in modes, each off unless its setting below is given (scrapers/distributed.py,
# scrapers/impersonate.py).
ADDONS = {
    "scrapers.distributed.Distributed": 0,
    "scrapers.impersonate.Impersonation": 0,
}
# Redirect loops must end in a recorded error, not vanish as "duplicates".
DUPEFILTER_CLASS = "scrapers.dupefilter.RedirectAwareDupeFilter"

# declutter's own settings.
DECLUTTER_DB = "news.db"                # the SQLite store; a lock file sits next to it
DECLUTTER_PROGRESS_INTERVAL = 10.0      # seconds between progress lines; 0 for none
DECLUTTER_CLEAN_WORKERS = 0             # cleaning processes; 0 = one per CPU
DECLUTTER_CLEAN_TIMEOUT = 120.0         # seconds one page may take to clean (as `declutter clean`); 0 for none
DECLUTTER_CLEAN_MEMORY_MB = 2048        # address space a cleaning worker may add to its start; 0 for no limit
DECLUTTER_SINCE = None                  # ISO date: skip feed/sitemap entries older than this
DECLUTTER_UNTIL = None                  # ISO date: skip entries newer than this; dated listings end here (default today)
DECLUTTER_MAX_LISTING_PAGES = 5         # pages followed in each section listing
DECLUTTER_MAX_PAGES = 0                 # stop after storing this many pages; 0 for no limit
DECLUTTER_MAX_CRAWL_DELAY = 30.0        # the longest robots.txt Crawl-delay honoured (seconds)
DECLUTTER_MAX_QUEUED = 10_000           # discovery pauses while this many requests wait; 0 for no limit
# Distributed crawls (scrapers/distributed.py): a Redis URL makes the crawl a worker.
DECLUTTER_REDIS = ""                    # redis://host:port/db; "" for a single-process crawl
DECLUTTER_REDIS_WORKER_TIMEOUT = 60.0   # seconds without a heartbeat before a worker is taken for dead
DECLUTTER_REDIS_HEALTH_WAIT = 60.0      # seconds the last worker of a run waits for the writer's site health verdict
# Browser impersonation (scrapers/impersonate.py): "" (off), or a browser such as "chrome".
DECLUTTER_IMPERSONATE = ""
DECLUTTER_IMPERSONATE_HOSTS = []        # only these hosts (and their subdomains); [] for every host
DECLUTTER_IMPERSONATE_VERIFY = True     # verify certificates on impersonated requests
