"""Faults injected mid-crawl, over real HTTP and real processes: the disk fills and frees and
another process holds the database's lock past the busy wait (one crawl); the distributed
writer is killed, restarted and fed poison, and Redis restarts (one distributed crawl).

Each fault is started by an event of the run, never by a sleep: in the single-process crawl
by the pages it has stored and refused (its database and its log), in the distributed one by
the pages the local site has served (the site's handler runs the fault before answering).
So each lands while pages are still being stored, whatever the machine's load. At the end
every page is stored or has an `errors` row saying why, nothing is stored or counted twice,
and the next run stores the whole site.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from contextlib import ExitStack, closing

import scrapers.localsite as localsite
from conftest import ROOT
from scrapers import redis_queue as rq
from scrapers.localsite import LocalSite
from storage import canonical_url
from sitegen import write_site
from test_crawl import FAST, rows
from test_distributed import Cluster, finish, make_site, redis, wait_for  # noqa: F401 (fixture)
from test_distributed_safety import BODY, bomb, page
from test_store_refused import NOT_STORED, fill, lock_holder, small_disk  # noqa: F401 (fixture)


class Faults:
    """Runs `fault()` in the site's server when it has served `n` pages, each once and in
    order, in the handler thread before the page is answered; with `ready`, that page (and
    the site) first waits until `ready()` holds."""

    def __init__(self, monkeypatch, pages, plan: list[tuple]):
        self.plan = list(plan)
        self.pages = set(pages)
        self.served = 0
        self.lock = threading.Lock()
        self.fired: list[int] = []
        original = localsite._Handler.do_GET
        faults = self

        def do_GET(handler):  # noqa: N802
            if handler.path in faults.pages:
                with faults.lock:   # one fault at a time, in order; pages wait for it
                    faults.served += 1
                    while faults.plan and faults.served >= faults.plan[0][0]:
                        n, fault, *ready = faults.plan.pop(0)
                        if ready:
                            wait_for(ready[0], 300, what=f"the fault after {n} pages to be due")
                        fault()
                        faults.fired.append(n)
            return original(handler)

        monkeypatch.setattr(localsite._Handler, "do_GET", do_GET)


class Watcher:
    """Runs each fault of `plan` once `when()` holds, in order, from a thread that looks at the
    crawl's database and log; `fired` lists the faults run."""

    def __init__(self, plan: list[tuple[str, object, object]]):
        self.plan, self.fired, self.done = list(plan), [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while self.plan and not self.done.wait(0.05):
            name, when, fault = self.plan[0]
            if when():
                fault()
                self.fired.append(name)
                self.plan.pop(0)


def run_crawl(*args, env: dict | None = None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "declutter", "crawl", *FAST, *map(str, args)], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})), capture_output=True,
                          text=True, timeout=timeout)


def slow_pages(tree, delay: float) -> None:
    """Every page answers after `delay` s, so a crawl takes long enough to meet its faults."""
    for meta in tree.glob("*/*.json"):
        data = json.loads(meta.read_text())
        meta.write_text(json.dumps({**data, "delay": delay}))


def stored_urls(db) -> list[str]:
    return [canonical_url(r["url"]) for r in rows(db, "SELECT url FROM pages")]


class Refusals:
    """Reads a crawl's log (`declutter -v`) as it runs and counts the pages it did not store,
    by reason, so a fault is lifted only once the crawl has met it."""

    def __init__(self, proc: subprocess.Popen):
        self.proc, self.lines, self.seen = proc, [], Counter()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        for line in self.proc.stderr:
            self.lines.append(line)
            if ": not stored: " in line:
                self.seen["full" if "full" in line else "locked" if "locked" in line else "other"] += 1

    def wait(self, timeout=600) -> str:
        self.proc.wait(timeout)
        self.thread.join(60)
        return "".join(self.lines)


def stored_count(db) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as conn:
            return conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    except sqlite3.OperationalError:   # not created yet
        return 0


def test_a_crawl_whose_disk_fills_and_frees_and_whose_database_is_locked_loses_nothing(small_disk, tmp_path):
    write_site(tmp_path / "tree", range(1, 301))
    db = small_disk / "news.db"
    with LocalSite(tmp_path / "tree") as site, ExitStack() as stack:
        host = site.hosts["www.etoday.co.kr"]
        total = len(host.pages)
        holder, mark = [], []

        def take_lock():   # (b) another process holds the write lock far past the busy wait
            holder.append(stack.enter_context(lock_holder(db)))
            assert holder[0].stdout.readline() == "locked\n"

        def release_lock():
            holder[0].stdin.close()
            holder[0].wait(60)
            mark.append(stored_count(db))

        def fill_disk():   # (a) the disk fills, the WAL's space too: the next write needs more
            with closing(sqlite3.connect(db, timeout=30)) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            fill(small_disk)

        # each fault is lifted only once the crawl has refused pages for it, and the next one
        # comes once it has stored more: all while pages are being stored
        watcher = Watcher([
            ("lock", lambda: stored_count(db) >= 20, take_lock),
            ("unlock", lambda: refusals.seen["locked"] >= 5, release_lock),
            ("fill", lambda: stored_count(db) >= mark[0] + 20, fill_disk),
            ("free", lambda: refusals.seen["full"] >= 5, lambda: (small_disk / "filler").unlink()),
        ])
        crawl = subprocess.Popen(
            [sys.executable, "-m", "declutter", "-v", "crawl", *FAST, f"{host.base}/sitemap.xml", "--db", str(db)],
            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT), DECLUTTER_BUSY_TIMEOUT="0.2"),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        refusals = Refusals(crawl)
        watcher.thread.start()
        log = refusals.wait()
        watcher.done.set()
        watcher.thread.join(60)
        summary = "".join(line for line in log.splitlines(keepends=True) if line.startswith("declutter crawl"))
        assert watcher.fired == ["lock", "unlock", "fill", "free"], (watcher.fired, refusals.seen, summary)
        assert crawl.returncode == NOT_STORED, summary
        assert "Traceback" not in log, log[log.index("Traceback") - 2000:][:6000]

        # every page is stored, or has an error row saying why it was not
        site_urls = {canonical_url(host.base + p) for p in host.pages}
        stored = stored_urls(db)
        assert len(stored) == len(set(stored)) and set(stored) <= site_urls
        reasons = {canonical_url(e["source"]): e["reason"] for e in rows(db, "SELECT source, reason FROM errors")}
        missing = site_urls - set(stored)
        assert missing <= set(reasons), sorted(missing - set(reasons))[:5]
        said = Counter("full" if "full" in reasons[u] else "locked" if "locked" in reasons[u] else reasons[u]
                       for u in missing)
        assert said["full"] >= 5 and said["locked"] >= 5 and sum(said.values()) == len(missing), said
        (run,) = rows(db, "SELECT pages, extra FROM runs")
        assert run["pages"] == len(stored)                         # counted once each
        assert json.loads(run["extra"])["not_stored"] == len(missing)

        # the next run, on a free disk with no other process, stores the rest and nothing twice
        again = run_crawl(f"{host.base}/sitemap.xml", "--db", db)
        assert again.returncode == 0, again.stderr
        stored = stored_urls(db)
        assert len(stored) == len(set(stored)) and set(stored) == site_urls
        keys = [r["key"] for r in rows(db, "SELECT key FROM articles")]
        assert len(keys) == len(set(keys))
        assert [r["pages"] for r in rows(db, "SELECT pages FROM runs ORDER BY id")] == [
            total - len(missing), len(missing)]


# what the test pushes into the result queue while the writer is down: each must be dead-lettered
POISON = [
    rq.encode({"type": "page", "page": page("http://news.test/poison/1"),
               "articles": [{"url": "http://news.test/poison/1", "site": "news.test", "title": ["a", "list"],
                             "body": "Body."}]}, BODY),                                     # a wrong type
    rq.encode({"type": "page", "page": page("http://news.test/poison/2", status="200"), "articles": []}, BODY),
    rq.encode({"type": "page", "page": page(None), "articles": []}, BODY),                  # a null URL
    rq.encode({"type": "validators", "url": None, "lastmod": "2024-01-01"}),
    rq.encode({"type": "page", "page": page("http://news.test/poison/bomb"), "articles": []}, bomb(32)),  # 32 MiB
]


PATIENT = ["-s", "DOWNLOAD_TIMEOUT=300"]   # pages wait while the site waits for a fault to be due


def test_a_distributed_crawl_whose_writer_is_killed_and_fed_poison_and_whose_redis_restarts(
        tmp_path, redis, monkeypatch, request):
    tree = make_site(tmp_path / "tree")
    slow_pages(tree, 0.02)
    db = tmp_path / "news.db"
    client = redis.client()
    cluster = Cluster(redis, db, tmp_path / "logs")
    request.addfinalizer(lambda: cluster.writer and cluster.writer.kill())  # a failed test leaves no writer
    with LocalSite(tree, copies=12) as site:
        host = site.hosts["news.test"]
        total = len(host.pages)
        assert total >= 250
        restarted, dead = [], []

        def kill_writer():   # (c) SIGKILL, poison queued next, and a new writer
            cluster.writer.kill()
            cluster.writer.wait()
            client.rpush(rq.RESULTS, *POISON)    # the writer takes from the right: these come first
            restarted.append(threading.Thread(target=cluster.start_writer))
            restarted[0].start()

        def restart_redis():  # (d) Redis restarts empty (no persistence): queue, results, sets gone
            restarted[0].join(120)
            dead.extend(client.lrange(rq.DEAD, 0, -1))
            redis.restart()

        faults = Faults(monkeypatch, host.pages, [
            (total // 5, kill_writer),
            (total // 2, restart_redis, lambda: client.llen(rq.DEAD) >= len(POISON)),  # the site waits
        ])
        cluster.start_writer()
        workers = [cluster.worker(host.base + "/", *PATIENT) for _ in range(2)]
        for w in workers:
            finish(w, timeout=600)
        restarted[0].join(120)
        assert faults.fired == [total // 5, total // 2], cluster.log(None)
        assert sorted(dead) == sorted(POISON)                   # each poison dead-lettered, none stored
        wait_for(lambda: client.exists("declutter:stored:ready") or cluster.writer.poll() is not None,
                 what="the writer to fill the set again, or to stop")
        if cluster.writer.poll() is not None:   # it may stop for a lost Redis (as documented): restarted,
            cluster.start_writer()              # as its supervisor would
        wait_for(lambda: not client.llen(rq.RESULTS) and not client.llen(rq.PROCESSING),
                 what="the results pushed after the restart stored")
        before = set(stored_urls(db))
        ended_before = len(rows(db, "SELECT 1 FROM runs WHERE ended IS NOT NULL"))

        # the next run fetches what the lost Redis held, and only that
        last = cluster.worker(host.base + "/", *PATIENT)
        assert finish(last, timeout=600) == 0, cluster.log(None)
        cluster.drained(runs_ended=ended_before + 1)
        assert cluster.writer.poll() is None                    # no message stopped the writer
        assert len(list((tmp_path / "logs").glob("writer*.log"))) <= 3  # stopped by the kill, at most once by Redis
        cluster.stop_writer()

    log = cluster.log(None)
    assert "Traceback" not in log, log[log.index("Traceback") - 2000:][:6000]
    site_urls = {canonical_url(host.base + p) for p in host.pages}
    stored = stored_urls(db)
    assert len(stored) == len(set(stored)) and set(stored) == site_urls      # all stored, none twice
    assert not any("poison" in u for u in stored)
    keys = [r["key"] for r in rows(db, "SELECT key FROM articles")]
    assert len(keys) == len(set(keys)) == total
    ended = rows(db, "SELECT pages FROM runs WHERE ended IS NOT NULL ORDER BY id")
    assert ended[-1]["pages"] == len(site_urls - before), ended   # the last run counted each page once
    assert sum(r["pages"] for r in ended) <= total, ended
