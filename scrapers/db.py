"""One Store per crawl, shared by the pipeline, middlewares and extensions of that crawler."""
from __future__ import annotations

from storage import Store


def store_for(crawler) -> Store:
    """The crawl's Store on DECLUTTER_DB, opened on first use."""
    store = getattr(crawler, "_declutter_store", None)
    if store is None:
        store = Store(crawler.settings.get("DECLUTTER_DB"))
        crawler._declutter_store = store
    return store
