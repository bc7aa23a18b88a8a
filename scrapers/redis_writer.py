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

No message stops the writer. Each is checked field by field (redis_queue.decode) before it
touches the store; one that cannot be stored because of what it holds goes, as it came, to
the dead-letter list `declutter:dead`, its reason to `declutter:dead:why`, and is counted.
The writer stops only for faults of its environment (disk, database, Redis), leaving the
message in hand in `processing`; a message that was in hand at STOP_LIMIT unexplained stops
(killed, out of memory) is dead-lettered at the next start rather than tried again. A run's
counts are added once per message id, so a message stored again after a restart is not
counted twice. With a shared key, results not signed with it are dead-lettered
(redis_queue.sign).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import sqlite3
import time
from dataclasses import asdict
from typing import Callable

from storage import Store, StoreError
from storage.health import RunFigures, page_summary, record
from storage.urls import canonical_url

from . import redis_queue as rq

log = logging.getLogger(__name__)

LEASE = 30          # seconds the writer lease lives without renewal
VERDICT_TTL = 3600  # seconds a run's health verdict waits in Redis for its workers
RESULT_COUNTS = ("pages", "articles", "errors", "new", "updated", "unchanged", "duplicate")
_FILL_BATCH = 5000
STOP_LIMIT = 3      # unexplained writer stops with one message in hand before it is dead-lettered
ENDED_TTL = 86400   # seconds an ended run's mark stays, so its end message handled again is skipped

# KEYS: run, seen. ARGV: message id, then name, value pairs: add the counts once per message id
COUNT_ONCE = """
if ARGV[1] ~= '' and redis.call('HSETNX', KEYS[2], ARGV[1], 1) == 0 then return 0 end
for i = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
"""

# sqlite3 errors caused by a value, not by the database or the disk
_CONTENT_ERRORS = (sqlite3.InterfaceError, sqlite3.ProgrammingError, sqlite3.IntegrityError, sqlite3.DataError)


def environmental(exc: BaseException) -> bool:
    """Whether `exc` is a fault of the writer's environment (disk, database, Redis, memory),
    which stops the writer, rather than of the message in hand, which is dead-lettered."""
    import redis

    if isinstance(exc, StoreError):
        return not isinstance(exc.__context__, _CONTENT_ERRORS)
    return isinstance(exc, (redis.RedisError, sqlite3.Error, OSError, MemoryError))


def digest(raw: bytes) -> str:
    return hashlib.sha1(raw).hexdigest()


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
    def __init__(self, server, store: Store, key: bytes | None = None):
        self.server = server
        self.store = store
        self.key = key   # results must be signed with it (DECLUTTER_SHARED_KEY)
        self.me = f"{socket.gethostname()}:{os.getpid()}"
        self.done = {"results": 0, "pages": 0, "errors": 0, "runs": 0, "bad": 0}  # bad: dead-lettered
        self._count_once = server.register_script(COUNT_ONCE)
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
        with self.store._errors():   # a database that cannot be read is one line, not a traceback
            return self._fill()

    def _fill(self) -> int:
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
        cursor = conn.execute("SELECT url, etag, last_modified, lastmod FROM fetch_state WHERE url IS NOT NULL")
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
        """Store what a stopped writer had taken but not finished, oldest first; a message
        in hand at STOP_LIMIT stops that nothing explained is dead-lettered instead."""
        held = self.server.lrange(rq.PROCESSING, 0, -1)
        for raw in reversed(held):
            stops = self.server.hincrby(rq.STOPS, digest(raw), 1)
            if stops >= STOP_LIMIT:
                self.dead(raw, f"the writer stopped {stops} times with this message in hand")
                continue
            self.take(raw)
        if held:
            log.info("handled %d results a stopped writer had in hand", len(held))

    def take(self, raw: bytes) -> None:
        """Handle the message in hand, then take it off `processing`. A fault of the
        environment stops the writer with the message still there (and not held against it)."""
        try:
            self.handle(raw)
        except BaseException as exc:
            if not isinstance(exc, KeyboardInterrupt):
                try:   # the next start's recover() counts this stop: it was not the message's fault
                    self.server.hincrby(rq.STOPS, digest(raw), -1)
                except Exception:   # noqa: BLE001 Redis is the fault: the stop counts
                    pass
            raise
        pipe = self.server.pipeline(transaction=False)   # one round trip, as a lone LREM was
        pipe.lrem(rq.PROCESSING, 1, raw)
        pipe.hdel(rq.STOPS, digest(raw))
        pipe.execute()

    def dead(self, raw: bytes, reason: str, kind: str | None = None) -> None:
        """Move a message that cannot be stored to the dead-letter list, with its reason."""
        self.done["bad"] += 1
        why = {"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "type": kind, "reason": reason,
               "bytes": len(raw), "digest": digest(raw)}
        pipe = self.server.pipeline()
        pipe.lpush(rq.DEAD, raw)
        pipe.lpush(rq.DEAD_WHY, json.dumps(why, ensure_ascii=False))
        pipe.ltrim(rq.DEAD_WHY, 0, 9999)
        pipe.lrem(rq.PROCESSING, 1, raw)
        pipe.hdel(rq.STOPS, digest(raw))
        pipe.execute()
        log.warning("dead-lettered a%s message (%s bytes): %s", f" {kind}" if kind else "", f"{len(raw):,}", reason)

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
            self.take(raw)          # a fault of the environment ends the writer; the result stays in processing
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
        """Store one message, or dead-letter it; raises only for faults of the environment."""
        kind = None
        try:
            header, tail = rq.decode(raw, self.key)
            kind = header["type"]
            self._dispatch(header, tail)
        except rq.Poison as exc:
            self.dead(raw, str(exc), kind)
            return
        except Exception as exc:
            if environmental(exc):
                raise
            self.dead(raw, f"{type(exc).__name__}: {exc}", kind)   # what it holds cannot be stored
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
            self._count(token, header.get("id"), pages=1, articles=len(articles), **counts)
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
            self._count(token, header.get("id"), errors=1)
            self.done["errors"] += 1
        elif kind == "validators":
            self.store.set_validators(header["url"], lastmod=header.get("lastmod"))
        elif kind == "call":
            method = header["method"]   # one of rq.CALLS, its arguments checked
            kwargs = dict(header.get("kwargs") or {})
            if "run_id" in kwargs:
                kwargs["run_id"] = self.run_id(kwargs["run_id"]) if kwargs["run_id"] else None
            getattr(self.store, method)(*header.get("args") or [], **kwargs)
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

    def _count(self, token: str | None, message_id: str | None, **counts: int) -> None:
        """Add to the run's counts, once per message id (a message without one, always)."""
        if not token:
            return
        pairs = [x for name, value in counts.items() if value for x in (name, value)]
        self._count_once(keys=[rq.run_key(token), rq.run_key(token, "seen")], args=[message_id or "", *pairs])

    def end(self, token: str, header: dict) -> None:
        """A worker left the run; the last one ends it: counts into `runs`, and the discovery
        validators committed if every worker finished."""
        key = rq.run_key(token)
        if self.server.exists(rq.run_key(token, "ended")):
            log.info("run %s has ended already: its end message was handled before a restart", token)
            return
        run_id = self.run_id(token)
        self._count(token, header.get("id"), workers=1 if header.get("worker") else 0, **(header.get("counts") or {}))
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
                url = url.decode("utf-8", "replace")
                try:
                    values = rq.pending_validators(url, raw, self.key)
                except rq.Poison as exc:   # the run's other validators are committed all the same
                    log.warning("run %s: validators of %s not committed: %s", token, url[:200], exc)
                    continue
                self.store.set_validators(url, **values)
                key_url = canonical_url(url) or url
                try:
                    known = json.loads(self.server.hget(rq.VALIDATORS, key_url) or "{}")
                except ValueError:
                    known = None
                merged = {**(known if isinstance(known, dict) else {}), **values}
                self.server.hset(rq.VALIDATORS, key_url, json.dumps(merged))
        counts = {name: int(state.get(name, 0)) for name in (*RESULT_COUNTS, "known", "changed", "not_modified")}
        counts["workers"] = int(state.get("workers", 0))
        counts["finish_reason"] = failed or "finished"
        self.store.end_run(run_id, counts)
        try:
            self.judge(token, run_id, header.get("site"))
        except (KeyError, TypeError, ValueError) as exc:  # the run is stored; only its health figures are lost
            log.warning("site health of run %s not recorded: %s: %s", run_id, type(exc).__name__, exc)
        pipe = self.server.pipeline()
        pipe.set(rq.run_key(token, "ended"), run_id, ex=ENDED_TTL)
        pipe.delete(key, rq.run_key(token, "validators"), rq.run_key(token, "pages"),
                    rq.run_key(token, "sources"), rq.run_key(token, "seen"))
        pipe.execute()
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
