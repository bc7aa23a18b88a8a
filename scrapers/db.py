"""One Store per crawl, shared by the pipeline, middlewares and extensions of that crawler,
and the count of the writes it refused."""
from __future__ import annotations

import logging

from storage import Store, StoreError

log = logging.getLogger(__name__)
MAX_REFUSED = 100_000  # refused pages remembered for their error rows (a URL each)


def distributed(crawler) -> bool:
    """Whether the crawl is a distributed worker (DECLUTTER_REDIS): it never opens SQLite."""
    return bool(crawler.settings.get("DECLUTTER_REDIS"))


def store_for(crawler) -> Store:
    """The crawl's Store on DECLUTTER_DB, opened on first use; on a distributed crawl
    (DECLUTTER_REDIS) its stand-in that sends writes to the writer and never opens SQLite."""
    store = getattr(crawler, "_declutter_store", None)
    if store is None:
        if distributed(crawler):
            from . import redis_queue
            from .redis_store import RemoteStore

            run = lambda: getattr(getattr(crawler, "_declutter_run", None), "token", None)  # noqa: E731
            store = RemoteStore(redis_queue.connect(crawler.settings.get("DECLUTTER_REDIS")), run)
        else:
            store = Store(crawler.settings.get("DECLUTTER_DB"))
        crawler._declutter_store = store
    return store


def store_failed(crawler, url: str, exc: StoreError, page: bool = False) -> None:
    """Count a write the database refused (a page, when `page`). The run then ends with a
    status of its own and one line (declutter crawl), and commits no validators, so the next
    run fetches what this one could not store."""
    stats = crawler.stats
    stats.inc_value("declutter/store_failures")
    if page:
        stats.inc_value("declutter/not_stored")
    stats.set_value("declutter/store_error", str(exc))
    if page:
        refused = crawler.__dict__.setdefault("_declutter_refused", [])
        if len(refused) < MAX_REFUSED:
            refused.append((url, str(exc)))
    log.info("%s: not stored: %s", url, exc)


def record_refused(crawler, store: Store, run_id) -> None:
    """Give each page the database refused an `errors` row saying why, once it takes writes
    again (at the run's end), so a page is either stored or in `errors`; if it still refuses,
    the run's line says why and the pages are fetched again by the next run all the same."""
    refused = crawler.__dict__.get("_declutter_refused") or []
    try:
        for done, (url, reason) in enumerate(refused):
            store.record_error(url, "store", f"not stored: {reason}", run_id=run_id)
    except StoreError as exc:  # still refused: counted like any other write
        store_failed(crawler, "the error rows of the pages not stored", exc)
        del refused[:done]
    else:
        refused.clear()
