"""The store as a distributed worker sees it: the same methods as `storage.Store`, no SQLite.

The pipeline, middlewares and extensions call `store_for(crawler)` and get this in place of
a Store when the crawl runs on Redis (DECLUTTER_REDIS). Writes become messages for the
writer (`declutter store`); lookups read what the writer keeps in Redis: the set of stored
URLs (the incremental seen-set) and the fetch validators.

Discovery validators (ETag, Last-Modified) are saved, as in a single-process crawl, only by
a run that finished: a worker puts them with its run, and the writer commits them when the
last worker of the run has left and every one finished.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from typing import Iterable

from storage import StoreError
from storage.urls import by_canonical as group_urls, canonical_url

from . import redis_queue as rq




@contextmanager
def _reachable():
    """Redis lost while writing (restarted, say) is a write refused, as a full disk is for a
    single-process crawl: the page is counted as not stored and the crawl goes on."""
    import redis

    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise StoreError(f"Redis unreachable: {rq.redact(str(exc))}") from exc


class RemoteStore:
    def __init__(self, server, run_token=lambda: None):
        self.server = server
        self._run = run_token   # the crawl's current run (set once the worker joined it)
        self.key = rq.shared_key()   # results signed for the writer (DECLUTTER_SHARED_KEY)

    # -- writes: messages to the writer ------------------------------------------------------

    def _push(self, message: bytes) -> None:
        with _reachable():
            self.server.lpush(rq.RESULTS, rq.sign(message, self.key))

    def save(self, page, articles, run_id=None, health: dict | None = None) -> dict[str, int]:
        """Queued for the writer; what it made of them (new, updated ...) only it knows.
        `health` ({"site", "rules"}) travels with the page for the run's site figures."""
        self._push(rq.page_message(run_id or self._run(), page, articles, health))
        return {}

    def note_source(self, site: str, url: str, kind: str, **counts: int) -> None:
        """A discovery document's yield for site health (storage.health.SiteFigures.add_source)."""
        self._push(rq.encode({"type": "source", "run": self._run(), "id": rq.message_id(), "site": site,
                              "url": url, "kind": kind, "counts": counts}))

    def record_error(self, source: str, stage: str, reason: str, run_id=None) -> None:
        self._push(rq.encode({"type": "error", "run": run_id or self._run(), "id": rq.message_id(), "source": source,
                              "stage": stage, "reason": reason}))

    def set_validators(self, url: str, etag: str | None = None, last_modified: str | None = None,
                       lastmod: str | None = None) -> None:
        with _reachable():
            self._set_validators(url, etag, last_modified, lastmod)

    def _set_validators(self, url, etag, last_modified, lastmod) -> None:
        key = canonical_url(url) or url
        if etag or last_modified:
            if self._run():  # committed by the writer once the whole run has finished
                self.server.hset(rq.run_key(self._run(), "validators"), url, rq.sign(
                    json.dumps({"etag": etag, "last_modified": last_modified}).encode(), self.key, url.encode()))
        if lastmod:
            merged = {**self.get_validators(url), "lastmod": lastmod}
            self.server.hset(rq.VALIDATORS, key, json.dumps(merged))  # seen by the workers at once
            self._push(rq.encode({"type": "validators", "url": url, "lastmod": lastmod}))

    def close(self) -> None:
        """Nothing to close: the database is the writer's."""

    def __getattr__(self, name: str):
        """The other Store methods a worker may have the writer run (redis_queue.CALLS, whose
        arguments the writer checks) are sent as calls; they return nothing here."""
        if name not in rq.CALLS:
            raise AttributeError(f"{name!r} cannot be done by a distributed worker")

        def call(*args, **kwargs):
            if "run_id" in kwargs:
                kwargs["run_id"] = kwargs["run_id"] or self._run()
            self._push(rq.encode({"type": "call", "run": self._run(), "method": name,
                                  "args": list(args), "kwargs": kwargs}))
        return call

    # -- lookups: what the writer keeps in Redis ---------------------------------------------

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        by_canonical = group_urls(urls)
        wanted = list(by_canonical)
        if not wanted:
            return set()
        found = self.server.smismember(rq.STORED, wanted)
        return {url for canonical, hit in zip(wanted, found) if hit for url in by_canonical[canonical]}

    def has_url(self, url: str) -> bool:
        return bool(self.known_urls([url]))

    def get_validators(self, url: str) -> dict[str, str | None]:
        raw = self.server.hget(rq.VALIDATORS, canonical_url(url) or url)
        return json.loads(raw) if raw else {}
