"""The SQLite store of pages and articles, on sqlite-utils.

    from storage import Store, StoreError

    store = Store("news.db")              # creates or migrates; WAL mode
    Store("news.db", readonly=True)       # readers; a read-only disk is read as it stands
    run_id = store.begin_run("crawl", "etoday")
    counts = store.save(page, articles, run_id)   # one transaction: the page and its articles
    # counts == {"new": 1, "updated": 0, "unchanged": 0, "duplicate": 0}
    store.record_error("https://...", "fetch", "HTTP 503", run_id)
    store.end_run(run_id, {"pages": 1, **counts, "errors": 1})

    store.has_url(url) -> bool            # canonicalised: tracking parameters, fragment,
    store.known_urls(urls) -> set[str]    #   http/https do not matter
    store.get_validators(url) -> dict     # {"etag", "last_modified", "lastmod", "updated"} or {}
    store.set_validators(url, etag=None, last_modified=None, lastmod=None)  # None keeps the old value

    store.export(site=None, since=None, until=None, publisher=None) -> Iterator[dict]   # streams, memory flat
    store.search("금융사기", limit=20) -> list[dict]                     # with "snippet", "rank"
    store.stats() -> dict
    store.reclean(site=None, dry_run=False, clean=cleaners.clean_strict) -> Iterator[dict]
    store.save_many([(page, articles), ...], run_id)   # many pages, one transaction (bulk loads)
    store.page(page_id) -> Page           # a stored raw page, decompressed

Tables: `pages` (raw bytes zlib-compressed, sha256, fetch facts), `articles` (every Article
field, lists as JSON; canonical_url, content_hash, minhash, cleaner name and version,
first_seen, last_updated, duplicate_of, near_duplicate_of), `articles_fts` (FTS5 on title
and body), `article_bands` (MinHash bands for near-duplicate lookup), `runs`, `errors`,
`fetch_state`. `PRAGMA user_version` holds the schema version. Store indexes new articles
in `articles_fts` itself (one statement per transaction), so write articles through Store;
reading with any SQLite tool is fine.

Keys: an article is keyed by its canonical URL; one without a URL by its page's key (the
canonical URL, else the saved file's absolute path, else the raw bytes' sha256) plus its index on
the page. Saving the same key again updates that row, or counts it unchanged. The same
body under another key is stored as its own row with `duplicate_of` pointing to the first
(counted "duplicate"); a near-duplicate (MinHash similarity >= 0.7) is new, with
`near_duplicate_of` set.

Every failure to use the database (not SQLite, another application's SQLite file, read-only,
disk full, locked past DECLUTTER_BUSY_TIMEOUT seconds, bad search query, a path mistake)
raises StoreError with a one-line message naming the file; a refused write changes nothing.
`PRAGMA application_id` stamps the file as declutter's (storage.schema.identify): another
application's file is refused untouched, one made before the stamp is stamped when written.
"""
from .store import Store, StoreError
from .urls import canonical_url

__all__ = ["Store", "StoreError", "canonical_url"]
