"""The single writer of a distributed crawl: results from Redis into SQLite, one at a time.

    writer = Writer(redis_client, Store("news.db"))
    writer.run(stop=lambda: stopping)      # until stop() is true; returns the counts

At start it takes the writer lease (one writer per Redis database), fills the set of stored
URLs and the validators in Redis from the database (the workers' incremental seen-set),
and first stores whatever a killed writer had in hand. Then each result is moved to
`declutter:processing` (BLMOVE), stored with `Store.save`, and removed: a result leaves Redis
only once it is in the database. Saving a page twice is an upsert, so a result stored just
before a crash and stored again after it adds no row. If Redis loses its data (restarted
without persistence), the writer notices the missing mark and fills the set again.

Site health: each page message carries its rule counts and site, and sources come as their
own messages; the writer keeps each one's figures in Redis under its message id (a message
handled twice counts once; a writer restarted mid-run loses none), and when the last worker
leaves it judges the run against the site's history and stores its `site_runs` row, as a
single-process crawl does (storage.health.record). The verdict is logged, and left in
Redis for an hour (`run_key(token, "health")`) for the last worker's end summary.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import time
import zlib
from dataclasses import asdict
from typing import Callable

from storage import Store
from storage.health import RunFigures, page_summary, record
from storage.urls import canonical_url

from . import redis_queue as rq
from .redis_store import NOT_REMOTE

log = logging.getLogger(__name__)

LEASE = 30          # seconds the writer lease lives without renewal
VERDICT_TTL = 3600  # seconds a run's health verdict waits in Redis for its workers
RESULT_COUNTS = ("pages", "articles", "errors", "new", "updated", "unchanged", "duplicate")
_FILL_BATCH = 5000


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WriterBusy(RuntimeError):
    """Another writer holds the lease on this Redis database."""


class Writer:
    def __init__(self, server, store: Store):
        self.server = server
        self.store = store
        self.me = f"{socket.gethostname()}:{os.getpid()}"
        self.done = {"results": 0, "pages": 0, "errors": 0, "runs": 0, "bad": 0}
        self.busy_seconds = 0.0
        self._lease_at = 0.0
        self._checked_at = 0.0

    # -- start ------------------------------------------------------------------------------

    def take_lease(self) -> None:
        """The writer lease; a holder that died on this machine leaves it at once, one that
        died elsewhere when its lease runs out (LEASE seconds)."""
        deadline = time.monotonic() + LEASE + 5
        while True:
            if self.server.set(rq.WRITER, self.me, nx=True, ex=LEASE):
                break
            holder = (self.server.get(rq.WRITER) or b"").decode()
            if holder == self.me:
                self.server.expire(rq.WRITER, LEASE)
                break
            host, _, pid = holder.rpartition(":")
            if host == socket.gethostname() and pid.isdigit() and not _alive(int(pid)):
                self.server.delete(rq.WRITER)
                continue
            if time.monotonic() > deadline:
                raise WriterBusy(f"another writer ({holder or '?'}) drains this Redis database")
            time.sleep(1)
        self._lease_at = time.monotonic()

    def fill(self) -> int:
        """The stored-URL set and the validators in Redis, rebuilt from the database and
        swapped in at once (workers never see it half-filled)."""
        conn = self.store.conn
        tmp_set, tmp_hash = rq.STORED + ":filling", rq.VALIDATORS + ":filling"
        self.server.delete(tmp_set, tmp_hash)
        n = 0
        queries = ("SELECT key FROM pages", "SELECT canonical_final_url FROM pages WHERE canonical_final_url IS NOT NULL",
                   "SELECT key FROM articles")
        for sql in queries:
            cursor = conn.execute(sql)
            while rows := cursor.fetchmany(_FILL_BATCH):
                self.server.sadd(tmp_set, *(r[0] for r in rows))
                n += len(rows)
        cursor = conn.execute("SELECT url, etag, last_modified, lastmod FROM fetch_state")
        while rows := cursor.fetchmany(_FILL_BATCH):
            self.server.hset(tmp_hash, mapping={r[0]: json.dumps({"etag": r[1], "last_modified": r[2],
                                                                  "lastmod": r[3]}) for r in rows})
        pipe = self.server.pipeline()
        for tmp, final in ((tmp_set, rq.STORED), (tmp_hash, rq.VALIDATORS)):
            pipe.delete(final)
            if self.server.exists(tmp):
                pipe.rename(tmp, final)
        pipe.set(rq.STORED_READY, json.dumps({"db": self.store.path, "writer": self.me, "urls": n}))
        pipe.execute()
        log.info("stored-URL set filled: %d URLs", n)
        return n

    def recover(self) -> None:
        """Store what a killed writer had taken but not finished, oldest first."""
        held = self.server.lrange(rq.PROCESSING, 0, -1)
        for raw in reversed(held):
            self.handle(raw)
            self.server.lrem(rq.PROCESSING, 1, raw)
        if held:
            log.info("stored %d results a stopped writer had in hand", len(held))

    # -- the loop ---------------------------------------------------------------------------

    def run(self, stop: Callable[[], bool], idle: Callable[[], None] | None = None) -> dict:
        import redis

        self.take_lease()
        self.fill()
        self.recover()
        while not stop():
            try:
                self._housekeeping()
                raw = self.server.blmove(rq.RESULTS, rq.PROCESSING, 1, "RIGHT", "LEFT")
            except redis.ConnectionError as exc:
                log.warning("Redis unreachable (%s); trying again", exc)
                time.sleep(1)
                continue
            if raw is None:
                if idle:
                    idle()
                continue
            started = time.perf_counter()
            self.handle(raw)        # a StoreError ends the writer; the result stays in processing
            self.server.lrem(rq.PROCESSING, 1, raw)
            self.busy_seconds += time.perf_counter() - started
        if self.server.get(rq.WRITER) == self.me.encode():
            self.server.delete(rq.WRITER)   # the next writer need not wait for the lease
        return self.done

    def _housekeeping(self) -> None:
        now = time.monotonic()
        if now - self._lease_at > LEASE / 3:
            self.take_lease()
        if now - self._checked_at > 2:
            self._checked_at = now
            if not self.server.exists(rq.STORED_READY):  # Redis lost its data: fill again
                log.warning("the stored-URL set is gone from Redis (restarted?): filling it again")
                self.fill()

    # -- one result -------------------------------------------------------------------------

    def handle(self, raw: bytes) -> None:
        try:
            header, tail = rq.decode(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            self.done["bad"] += 1
            log.warning("dropped a result that is not a declutter message: %s", exc)
            return
        try:
            self._dispatch(header, tail)
        except (KeyError, TypeError, ValueError, zlib.error) as exc:
            # a malformed message must not stop the writer, nor come back at every start
            self.done["bad"] += 1
            log.warning("dropped a malformed %s message: %s: %s", header.get("type"), type(exc).__name__, exc)
            return
        self.done["results"] += 1

    def _dispatch(self, header: dict, tail: bytes) -> None:
        kind = header["type"]
        token = header.get("run")
        if kind == "begin":
            self.run_id(token, header.get("args", ""))
        elif kind == "page":
            page, articles = rq.page_from(header, tail)
            counts = self.store.save(page, articles, run_id=self.run_id(token))
            urls = {canonical_url(u) for u in (page.url, page.final_url, *(a.url for a in articles)) if u}
            urls.discard("")
            if urls:
                self.server.sadd(rq.STORED, *urls)
            self._count(token, pages=1, articles=len(articles), **counts)
            if token and (health := header.get("health")):
                figures = {"site": health["site"], **page_summary(articles, health.get("rules"))}
                self.server.hset(rq.run_key(token, "pages"), health["id"], json.dumps(figures))
            self.done["pages"] += 1
        elif kind == "source":
            if token:
                note = {name: header[name] for name in ("site", "url", "kind", "counts")}
                self.server.hset(rq.run_key(token, "sources"), header["id"], json.dumps(note))
        elif kind == "error":
            self.store.record_error(header["source"], header["stage"], header["reason"], run_id=self.run_id(token))
            self._count(token, errors=1)
            self.done["errors"] += 1
        elif kind == "validators":
            self.store.set_validators(header["url"], lastmod=header.get("lastmod"))
        elif kind == "call":
            method = header["method"]
            if method.startswith("_") or method in NOT_REMOTE or not callable(getattr(Store, method, None)):
                log.warning("dropped a call of an unknown store method %r", method)
            else:
                kwargs = dict(header.get("kwargs") or {})
                if "run_id" in kwargs:
                    kwargs["run_id"] = self.run_id(kwargs["run_id"]) if kwargs["run_id"] else None
                getattr(self.store, method)(*header.get("args", []), **kwargs)
        elif kind == "end":
            self.end(token, header)

    def run_id(self, token: str | None, args: str = "") -> int | None:
        """The `runs` row of a distributed run, begun at its first sight."""
        if not token:
            return None
        key = rq.run_key(token)
        found = self.server.hget(key, "run_id")
        if found:
            return int(found)
        run_id = self.store.begin_run("crawl", args or f"{token.rsplit(':', 2)[0]} (distributed)")
        self.server.hset(key, mapping={"run_id": run_id, "started": time.time()})
        self.done["runs"] += 1
        return run_id

    def _count(self, token: str | None, **counts: int) -> None:
        if not token:
            return
        pipe = self.server.pipeline()
        for name, value in counts.items():
            if value:
                pipe.hincrby(rq.run_key(token), name, value)
        pipe.execute()

    def end(self, token: str, header: dict) -> None:
        """A worker left the run; the last one ends it: counts into `runs`, and the discovery
        validators committed if every worker finished."""
        key = rq.run_key(token)
        run_id = self.run_id(token)
        self._count(token, workers=1 if header.get("worker") else 0, **(header.get("counts") or {}))
        if header.get("reason") != "finished" or header.get("lost"):
            self.server.hset(key, "failed", header.get("reason") if header.get("reason") != "finished"
                             else "a worker stopped answering")
        if not header.get("last"):
            return
        state = {k.decode(): v.decode() for k, v in self.server.hgetall(key).items()}
        failed = state.get("failed")
        if not failed:
            pending = self.server.hgetall(rq.run_key(token, "validators"))
            for url, raw in pending.items():
                values = json.loads(raw)
                self.store.set_validators(url.decode(), **values)
                key_url = canonical_url(url.decode()) or url.decode()
                merged = {**json.loads(self.server.hget(rq.VALIDATORS, key_url) or "{}"), **values}
                self.server.hset(rq.VALIDATORS, key_url, json.dumps(merged))
        counts = {name: int(state.get(name, 0)) for name in (*RESULT_COUNTS, "known", "changed", "not_modified")}
        counts["workers"] = int(state.get("workers", 0))
        counts["finish_reason"] = failed or "finished"
        self.store.end_run(run_id, counts)
        try:
            self.judge(token, run_id, header.get("site"))
        except (KeyError, TypeError, ValueError) as exc:  # the run is stored; only its health figures are lost
            log.warning("site health of run %s not recorded: %s: %s", run_id, type(exc).__name__, exc)
        self.server.delete(key, rq.run_key(token, "validators"), rq.run_key(token, "pages"),
                           rq.run_key(token, "sources"))
        log.info("run %s (%s) ended: %s", run_id, token, counts)

    def judge(self, token: str, run_id: int, site: str | None) -> list:
        """The run's site figures from what its messages brought, judged and stored as its
        `site_runs` rows (storage.health.record); the verdicts go to the log and to Redis."""
        figures = RunFigures()
        if site:
            figures.site(site)   # a run that cleaned nothing is a row too
        for raw in self.server.hvals(rq.run_key(token, "pages")):
            page = json.loads(raw)
            figures.site(page.pop("site")).add_summary(page)
        for raw in self.server.hvals(rq.run_key(token, "sources")):
            note = json.loads(raw)
            figures.site(note["site"]).add_source(note["url"], note["kind"], **note["counts"])
        if not figures:
            return []
        verdicts = record(self.store, run_id, "crawl", figures)
        for verdict in verdicts:
            if verdict.state == "drifted":
                log.warning("run %s: site drifted: %s", run_id, verdict.line())
            else:
                log.info("run %s: site %s", run_id, verdict.line())
        self.server.set(rq.run_key(token, "health"), json.dumps([asdict(v) for v in verdicts]), ex=VERDICT_TTL)
        return verdicts
