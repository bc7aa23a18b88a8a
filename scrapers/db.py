"""One Store per crawl, shared by the pipeline, middlewares and extensions of that crawler."""
from __future__ import annotations

from storage import Store


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
