"""Distributed crawls as users run them: `declutter crawl ... --redis URL` workers and one
`declutter store` writer, on a real redis-server, over a local site of a few hundred pages
with a sitemap and a feed. The site runs in this process, so the tests see every request.
"""
import json
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

import scrapers.localsite as localsite
from scrapers.localsite import LocalSite
from storage import canonical_url

from conftest import ROOT
from redisserver import RedisServer
from test_crawl import FAST, build_site, crawl, rows

COPIES = 19          # each fixture page under 20 URLs: a site of a few hundred pages
WORKER = [*FAST, "-s", "DECLUTTER_CLEAN_WORKERS=1", "-s", "DECLUTTER_REDIS_WORKER_TIMEOUT=5",
          "-s", "DOWNLOAD_TIMEOUT=20"]
ENV = {"PYTHONPATH": str(ROOT)}


class Recorder:
    """Wraps the local site's request handler: holds requests until `gate` is set, and keeps
    the time, path and number in flight of every request served."""

    def __init__(self, monkeypatch):
        self.gate = threading.Event()
        self.lock = threading.Lock()
        self.seen: list[tuple[float, str]] = []
        self.inflight = 0
        self.max_inflight = 0
        original = localsite._Handler.do_GET
        recorder = self

        def do_GET(handler):  # noqa: N802
            recorder.gate.wait(120)
            with recorder.lock:
                recorder.seen.append((time.monotonic(), handler.path))
                recorder.inflight += 1
                recorder.max_inflight = max(recorder.max_inflight, recorder.inflight)
            try:
                return original(handler)
            finally:
                with recorder.lock:
                    recorder.inflight -= 1

        monkeypatch.setattr(localsite._Handler, "do_GET", do_GET)


def make_site(root: Path) -> Path:
    build_site(root, traps=False)
    (root / "news" / "robots.txt").write_text("User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"
                                               "Sitemap: {base}/rss.xml\n")
    return root


def popen(*args, log: Path):
    import os
    return subprocess.Popen([sys.executable, "-m", "declutter", *map(str, args)], cwd=ROOT,
                            env=dict(os.environ, **ENV), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=open(log, "w"))


def wait_for(condition, timeout=180, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Cluster:
    """The writer and workers of one test, and what they leave in their logs."""

    def __init__(self, redis: RedisServer, db: Path, logs: Path):
        self.redis, self.db, self.logs = redis, db, logs
        self.logs.mkdir(exist_ok=True)
        self.writer = None
        self.n = 0

    def start_writer(self):
        self.n += 1
        self.writer = popen("store", "--redis", self.redis.url, "--db", self.db, log=self.logs / f"writer{self.n}.log")
        client = self.redis.client()
        wait_for(lambda: client.exists("declutter:stored:ready") and
                 (client.get("declutter:writer") or b"").endswith(f":{self.writer.pid}".encode()),
                 what="the writer to fill the stored-URL set")
        return self.writer

    def worker(self, target: str, *extra: str):
        self.n += 1
        return popen("crawl", target, "--redis", self.redis.url, *WORKER, *extra, log=self.logs / f"worker{self.n}.log")

    def log(self, proc) -> str:
        return "\n".join(p.read_text() for p in sorted(self.logs.glob("*.log")))

    def drained(self, runs_ended: int, timeout=180):
        """Wait until Redis holds no result and `runs_ended` runs are closed in the database."""
        client = self.redis.client()

        def done():
            if client.llen("declutter:results") or client.llen("declutter:processing"):
                return False
            return self.db.exists() and len(rows(self.db, "SELECT 1 FROM runs WHERE ended IS NOT NULL")) >= runs_ended
        wait_for(done, timeout, "the writer to store every result")

    def stop_writer(self):
        self.writer.send_signal(signal.SIGTERM)
        assert self.writer.wait(60) == 0, self.log(self.writer)


def members(redis: RedisServer) -> int:
    client = redis.client()
    return sum(client.hlen(k) for k in client.scan_iter("declutter:site:*:members"))


def finish(proc, timeout=240):
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def article_rows(db):
    return {canonical_url(r["url"]): (r["title"], r["body"]) for r in rows(db, "SELECT url, title, body FROM articles")}


@pytest.fixture()
def redis(tmp_path):
    with RedisServer(tmp_path / "redis") as server:
        yield server


def test_three_workers_and_a_writer_store_what_one_crawl_stores_and_fetch_each_page_once(
        tmp_path, redis, monkeypatch):
    recorder = Recorder(monkeypatch)
    recorder.gate.set()
    tree = make_site(tmp_path / "tree")
    with LocalSite(tree, copies=COPIES) as site:
        host = site.hosts["news.test"]
        pages = {t for t in host.pages}
        assert len(pages) >= 200
        single = tmp_path / "single.db"
        result = crawl(host.base + "/", "--db", single, "-s", "DOWNLOAD_TIMEOUT=20", timeout=300)
        assert result.returncode == 0, result.stderr
        expected = article_rows(single)
        assert len(expected) == len(pages)

        host.hits.clear()
        recorder.seen.clear()
        recorder.gate.clear()   # hold the site until all three workers have joined the run
        db = tmp_path / "news.db"
        cluster = Cluster(redis, db, tmp_path / "logs")
        cluster.start_writer()
        workers = [cluster.worker(host.base + "/") for _ in range(3)]
        wait_for(lambda: members(redis) == 3, what="three workers in the run")
        recorder.gate.set()
        for w in workers:
            assert finish(w) == 0, cluster.log(w)
        cluster.drained(runs_ended=1)

        assert article_rows(db) == expected
        assert {r["url"] for r in rows(db, "SELECT url FROM pages")} == {r["url"] for r in rows(single, "SELECT url FROM pages")}
        assert all(host.hits[p] == 1 for p in pages), {p: host.hits[p] for p in pages if host.hits[p] != 1}
        assert host.hits["/sitemap.xml"] == 1 and host.hits["/rss.xml"] == 1   # only the first worker reads them
        served = Counter(path for _, path in recorder.seen if path in pages)
        per_worker = [int(line.split(" pages,")[0].rsplit(" ", 1)[1]) for line in cluster.log(None).splitlines()
                      if line.startswith("declutter crawl") and " pages," in line]
        assert len(per_worker) == 3 and sum(per_worker) == len(pages) == sum(served.values())
        assert sum(1 for n in per_worker if n) >= 2      # the work was shared

        (run,) = rows(db, "SELECT * FROM runs")
        extra = json.loads(run["extra"])
        assert run["args"].endswith("(distributed)") and run["ended"]
        assert run["pages"] == len(pages) and extra["articles"] == len(expected)
        assert extra["workers"] == 3 and extra["finish_reason"] == "finished"
        assert run["articles_new"] + run["articles_duplicate"] == len(expected)

        # a second distributed run: every article is in the stored-URL set, the sitemap unchanged
        host.hits.clear()
        again = [cluster.worker(host.base + "/") for _ in range(2)]
        for w in again:
            assert finish(w) == 0, cluster.log(w)
        cluster.drained(runs_ended=2)
        assert not any(host.hits[p] for p in pages)
        assert host.hits["/sitemap-articles.xml.gz"] == 0       # the index answered 304
        second = rows(db, "SELECT * FROM runs ORDER BY id")[-1]
        assert second["pages"] == 0 and json.loads(second["extra"])["not_modified"] >= 2
        cluster.stop_writer()
        assert len(rows(db, "SELECT 1 FROM articles")) == len(expected)


def test_killed_worker_killed_writer_and_lost_redis_lose_nothing_and_duplicate_nothing(
        tmp_path, redis, monkeypatch):
    recorder = Recorder(monkeypatch)
    tree = make_site(tmp_path / "tree")
    # every page takes a little while, so the kills land mid-crawl
    for meta in (tree / "news").glob("*.json"):
        data = json.loads(meta.read_text())
        meta.write_text(json.dumps({**data, "delay": 0.05}))
    with LocalSite(tree, copies=COPIES) as site:
        host = site.hosts["news.test"]
        pages = set(host.pages)
        db = tmp_path / "news.db"
        cluster = Cluster(redis, db, tmp_path / "logs")
        cluster.start_writer()
        workers = [cluster.worker(host.base + "/") for _ in range(3)]
        wait_for(lambda: members(redis) == 3, what="three workers in the run")
        recorder.gate.set()
        fetched = lambda: sum(host.hits[p] for p in pages)  # noqa: E731

        wait_for(lambda: fetched() >= len(pages) // 5, what="a fifth of the pages fetched")
        workers[0].kill()                       # SIGKILL: no goodbye, its requests in flight lost
        workers[0].wait()
        stored_then = {r["url"] for r in rows(db, "SELECT url FROM pages")}
        wait_for(lambda: fetched() >= len(pages) // 2, what="half of the pages fetched")
        cluster.writer.kill()                   # the writer too, with whatever it had in hand
        cluster.writer.wait()
        cluster.start_writer()                  # a new writer takes the dead one's lease at once
        for w in workers[1:]:
            assert finish(w) == 0, cluster.log(w)
        wait_for(lambda: not redis.client().llen("declutter:results") and
                 not redis.client().llen("declutter:processing"), what="the results stored")
        assert stored_then <= {r["url"] for r in rows(db, "SELECT url FROM pages")}

        redis.restart()                         # Redis comes back empty: queue, sets, all gone
        client = redis.client()
        wait_for(lambda: client.exists("declutter:stored:ready"), what="the writer to fill the set again")
        last = cluster.worker(host.base + "/")  # the next run does what the killed worker held
        assert finish(last) == 0, cluster.log(last)
        cluster.drained(runs_ended=2)
        wait_for(lambda: not client.exists("declutter:site:" + host.base.split("//")[1] + ":run"),
                 what="the last run to end")
        cluster.stop_writer()

    keys = [r["key"] for r in rows(db, "SELECT key FROM articles")]
    assert len(keys) == len(set(keys))                          # no duplicate rows
    page_urls = [r["url"] for r in rows(db, "SELECT url FROM pages")]
    assert len(page_urls) == len(set(page_urls))
    assert {canonical_url(u) for u in page_urls} == {canonical_url(host.base + p) for p in pages}   # nothing lost
    assert len(keys) == len(pages)
    # a refetch is the most a loss costs: no page fetched more than twice over all the runs
    assert max(host.hits[p] for p in pages) <= 2


def test_per_site_limits_hold_for_all_workers_together(tmp_path, redis, monkeypatch):
    recorder = Recorder(monkeypatch)
    tree = make_site(tmp_path / "tree")
    delay, concurrency = 0.2, 2
    slots = json.dumps({"127.0.0.1": {"delay": delay, "concurrency": concurrency}})
    with LocalSite(tree, copies=2) as site:
        host = site.hosts["news.test"]
        pages = set(host.pages)
        db = tmp_path / "news.db"
        cluster = Cluster(redis, db, tmp_path / "logs")
        cluster.start_writer()
        workers = [cluster.worker(host.base + "/", "-s", f"DOWNLOAD_SLOTS={slots}") for _ in range(3)]
        wait_for(lambda: members(redis) == 3, what="three workers in the run")
        recorder.gate.set()
        for w in workers:
            assert finish(w) == 0, cluster.log(w)
        cluster.drained(runs_ended=1)
        cluster.stop_writer()

    assert {canonical_url(r["url"]) for r in rows(db, "SELECT url FROM pages")} == {
        canonical_url(host.base + p) for p in pages}
    times = sorted(t for t, _ in recorder.seen)
    assert len(times) > len(pages)
    # at most one request per `delay` for the three together: over any 2 s, 2 / 0.2 + 1 = 11,
    # and a little room for the jitter of a loaded machine (three free workers make ~30)
    window = 2.0
    busiest = max(sum(1 for u in times[i:] if u < t + window) for i, t in enumerate(times))
    assert busiest <= window / delay + 1 + 3, busiest
    assert recorder.max_inflight <= concurrency + 1


def test_an_unreachable_redis_is_one_line_and_bad_messages_do_not_stop_the_writer(tmp_path, redis):
    from conftest import run_cli

    for command in (["crawl", "http://127.0.0.1:9/"], ["store", "--db", tmp_path / "x.db"]):
        result = run_cli(*command, "--redis", "redis://127.0.0.1:1/0")
        assert result.returncode == 1 and "cannot reach Redis" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr

    db = tmp_path / "news.db"
    cluster = Cluster(redis, db, tmp_path / "logs")
    cluster.start_writer()
    client = redis.client()
    client.lpush("declutter:results", b"\x00\xffnot a message")
    client.lpush("declutter:results", json.dumps({"type": "page", "run": None}).encode() + b"\nnot zlib")
    client.lpush("declutter:results", json.dumps({"type": "call", "method": "_write"}).encode())
    client.lpush("declutter:results", json.dumps({"type": "error", "run": None, "source": "http://a.test/1",
                                                  "stage": "fetch", "reason": "HTTP 404"}).encode())
    # any other Store method a worker calls (RemoteStore.__getattr__) is run by the writer
    from scrapers.redis_store import RemoteStore
    remote = RemoteStore(client)
    remote.set_validators("http://a.test/2", lastmod="2024-05-01")
    with pytest.raises(AttributeError):
        remote.begin_run("crawl")           # runs are the writer's own
    client.lpush("declutter:results", json.dumps({"type": "call", "method": "record_error", "args": [
        "http://a.test/3", "check", "layout drift"], "kwargs": {"run_id": None}}).encode())
    wait_for(lambda: not client.llen("declutter:results") and not client.llen("declutter:processing"),
             what="the writer to take every message")
    wait_for(lambda: len(rows(db, "SELECT 1 FROM errors")) == 2, what="the errors stored")
    assert {r["source"] for r in rows(db, "SELECT source FROM errors")} == {"http://a.test/1", "http://a.test/3"}
    assert rows(db, "SELECT lastmod FROM fetch_state") == [{"lastmod": "2024-05-01"}]
    assert cluster.writer.poll() is None            # still running
    cluster.stop_writer()
    log = cluster.log(None)
    assert "not a declutter result message" in log and "which workers do not call" in log
    assert "3 results" in log and "3 dead-lettered" in log and "page message: no 'page'" in log
    assert client.llen("declutter:dead") == 3       # kept, as they came, with why


def test_a_stopped_writer_stores_the_result_in_hand_and_leaves_the_rest_queued(tmp_path, redis):
    from cleaners import clean
    from cleaners.model import Page
    from scrapers.redis_store import RemoteStore
    from test_crawl import GOOD

    client = redis.client()
    remote = RemoteStore(client)
    body = GOOD[0].read_bytes()
    urls = [f"http://news.test/a/{i}" for i in range(300)]
    for url in urls:
        remote.save(Page(url=url, body=body), clean(body, url=url, content_type="text/html"))
    db = tmp_path / "news.db"
    cluster = Cluster(redis, db, tmp_path / "logs")
    cluster.start_writer()
    wait_for(lambda: db.exists() and len(rows(db, "SELECT 1 FROM pages")) >= 20, what="some pages stored")
    cluster.stop_writer()                      # SIGTERM mid-stream: exit 0
    assert client.llen("declutter:processing") == 0
    stored = len(rows(db, "SELECT 1 FROM pages"))
    assert stored + client.llen("declutter:results") == len(urls)
    cluster.start_writer()                     # the next writer stores the rest
    wait_for(lambda: not client.llen("declutter:results"), what="the rest stored")
    cluster.stop_writer()
    assert sorted(r["url"] for r in rows(db, "SELECT url FROM pages")) == sorted(urls)
    assert client.sismember("declutter:stored", canonical_url(urls[-1]))
