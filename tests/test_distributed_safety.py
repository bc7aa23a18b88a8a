"""What nothing in Redis may do to a distributed crawl: stop the writer for good, run code on a
worker, count a result twice, or show the Redis password. Each defect the review found is
tried here as it found it, over a real redis-server and the real `declutter` commands.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import zlib
from datetime import datetime, timezone
from pathlib import Path

from cleaners.model import Article, Page
from conftest import run_cli
from redisserver import RedisServer
from scrapers import redis_queue as rq
from scrapers.localsite import LocalSite
from test_crawl import rows
from test_distributed import (WORKER, Cluster, Recorder, finish, make_site, popen, redis,  # noqa: F401 (fixture)
                              wait_for)


def page(url, **kw):
    return {"url": url, "final_url": url, "status": 200, "fetched": "2024-05-01T00:00:00+00:00",
            "headers": {"Content-Type": "text/html"}, "source": url, **kw}


def art(url, **kw):
    return {"url": url, "site": "news.example", "title": "T", "body": "Body text here.", **kw}


BODY = zlib.compress(b"<html><body><p>hi</p></body></html>")


def bomb(mib: int) -> bytes:
    """A zlib stream of `mib` MiB of zeros: about 1 KiB per MiB."""
    z = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    return b"".join([*(z.compress(chunk) for _ in range(mib)), z.flush()])


# the review's hostile results (probes 1.4 to 1.6), and the reason each must be dead-lettered with
POISON = {
    "error reason an object": (rq.encode({"type": "error", "run": None, "source": "http://news.example/e",
                                          "stage": "fetch", "reason": {"a": 1}}), "reason: dict"),
    "article title a list": (rq.encode({"type": "page", "page": page("http://news.example/a3"),
                                        "articles": [art("http://news.example/a3", title=["a", "b"])]}, BODY),
                             "articles[0].title: list"),
    "article body a number": (rq.encode({"type": "page", "page": page("http://news.example/a2"),
                                         "articles": [art("http://news.example/a2", body=12345)]}, BODY),
                              "articles[0].body: int"),
    "call with an object": (rq.encode({"type": "call", "run": None, "method": "set_validators",
                                       "args": ["http://news.example/s.xml"], "kwargs": {"etag": {"x": 1}}}),
                            "set_validators.etag: dict"),
    "call of save": (rq.encode({"type": "call", "run": None, "method": "save", "args": [{"url": "x"}, []],
                                "kwargs": {}}), "'save', which workers do not call"),
    "count not a number": (rq.encode({"type": "end", "run": "site:1:abc", "worker": "w", "reason": "finished",
                                      "last": False, "counts": {"known": "lots"}}), "counts.known: str"),
    "validators of no url": (rq.encode({"type": "validators", "url": None, "lastmod": "2024-01-01"}),
                             "url: NoneType"),
    "headers a list": (rq.encode({"type": "page", "page": page("http://news.example/a4", headers=["x"]),
                                  "articles": []}, BODY), "page.headers: list"),
    "status a string": (rq.encode({"type": "page", "page": page("http://news.example/a5", status="200 OK"),
                                   "articles": []}, BODY), "page.status: str"),
    "512 MiB zlib bomb": (rq.encode({"type": "page", "page": page("http://news.example/bomb"), "articles": []},
                                    bomb(512)), "inflates past 20,000,000 bytes"),
}


def good_page(url: str, run: str | None = None, health: dict | None = None) -> bytes:
    body = f"<html><body><h1>Title</h1><p>{url} is a page of words.</p></body></html>".encode()
    return rq.page_message(run, Page(url=url, body=body, status=200, fetched=datetime(2024, 5, 1, tzinfo=timezone.utc),
                                     source=url),
                           [Article(url=url, site="k9.example", title=f"Title {url}", body=f"{url} is a page of words.",
                                    cleaner="generic/1")], health)


def digest(raw: bytes) -> str:
    """How `declutter:dead:why` and `declutter:processing:stops` name a message."""
    return hashlib.sha1(raw).hexdigest()


def empty(client) -> bool:
    return not client.llen(rq.RESULTS) and not client.llen(rq.PROCESSING)


def why(client) -> dict[str, str]:
    """The dead letters' reasons by message digest."""
    return {w["digest"]: w["reason"] for w in map(json.loads, client.lrange(rq.DEAD_WHY, 0, -1))}


def test_no_message_stops_the_writer_each_poison_is_dead_lettered_with_its_reason(tmp_path, redis):
    client = redis.client()
    for raw, _ in POISON.values():
        client.lpush(rq.RESULTS, raw)
    client.lpush(rq.RESULTS, good_page("http://k9.example/news/1"))
    db = tmp_path / "news.db"
    cluster = Cluster(redis, db, tmp_path / "logs")
    cluster.start_writer()
    wait_for(lambda: empty(client) and db.exists() and rows(db, "SELECT 1 FROM pages"), what="every message taken")
    assert cluster.writer.poll() is None                      # still running
    assert sorted(client.lrange(rq.DEAD, 0, -1)) == sorted(raw for raw, _ in POISON.values())  # kept as they came
    reasons = why(client)
    for name, (raw, reason) in POISON.items():
        assert reason in reasons[digest(raw)], (name, reasons[digest(raw)])
    cluster.stop_writer()
    cluster.start_writer()                                     # a restart meets none of them again
    cluster.stop_writer()
    log = cluster.log(None)
    assert f"{len(POISON)} dead-lettered" in log and "Traceback" not in log, log
    assert [r["url"] for r in rows(db, "SELECT url FROM pages")] == ["http://k9.example/news/1"]
    assert rows(db, "SELECT count(*) AS n FROM fetch_state WHERE url IS NULL") == [{"n": 0}]
    status = run_cli("store", "--redis", redis.url, "--status")
    assert status.returncode == 0 and f"dead-lettered: {len(POISON)}" in status.stdout, status
    assert "inflates past" in status.stdout


def test_a_restart_never_meets_the_same_poison_again(tmp_path, redis):
    """What a stopped writer left in hand: a poison message is dead-lettered at once; a valid
    one that was in hand at two unexplained stops (killed, out of memory) once more; the rest
    is stored."""
    from scrapers.redis_writer import STOP_LIMIT

    client = redis.client()
    poison = POISON["article title a list"][0]
    killer = good_page("http://k9.example/news/killer")
    client.lpush(rq.PROCESSING, poison, killer)
    client.hset(rq.STOPS, digest(killer), STOP_LIMIT - 1)     # two starts already died holding it
    client.lpush(rq.RESULTS, good_page("http://k9.example/news/2"))
    db = tmp_path / "news.db"
    cluster = Cluster(redis, db, tmp_path / "logs")
    cluster.start_writer()
    wait_for(lambda: empty(client) and db.exists() and rows(db, "SELECT 1 FROM pages"), what="the queue drained")
    cluster.stop_writer()
    assert sorted(client.lrange(rq.DEAD, 0, -1)) == sorted([poison, killer])
    assert f"stopped {STOP_LIMIT} times" in why(client)[digest(killer)]
    assert [r["url"] for r in rows(db, "SELECT url FROM pages")] == ["http://k9.example/news/2"]
    assert not client.hlen(rq.STOPS)


def test_a_result_handled_again_after_a_restart_is_counted_once(tmp_path, redis):
    token = "k9site:1:deadbeef"
    client = redis.client()
    pages = [good_page(f"http://k9.example/news/{i}", token, {"site": "k9site", "rules": {}}) for i in range(3)]
    client.lpush(rq.RESULTS, rq.encode({"type": "begin", "run": token, "args": "k9site (distributed)"}), *pages)
    db = tmp_path / "news.db"
    cluster = Cluster(redis, db, tmp_path / "logs")
    cluster.start_writer()
    wait_for(lambda: empty(client) and db.exists() and len(rows(db, "SELECT 1 FROM pages")) == 3, what="3 pages")
    cluster.stop_writer()
    # a writer killed after storing a result, before taking it off `processing`
    client.lpush(rq.PROCESSING, pages[1])
    end = rq.encode({"type": "end", "run": token, "id": rq.message_id(), "worker": "w1", "reason": "finished",
                     "last": True, "lost": 0, "counts": {"known": 0, "changed": 0, "not_modified": 0},
                     "site": "k9site"})
    client.lpush(rq.RESULTS, end)
    cluster.start_writer()
    cluster.drained(runs_ended=1)
    cluster.stop_writer()
    # ... and one killed after ending the run, before taking its end message off
    client.lpush(rq.PROCESSING, end)
    cluster.start_writer()
    wait_for(lambda: empty(client), what="the end message handled again")
    cluster.stop_writer()
    runs = rows(db, "SELECT pages, articles_new, articles_unchanged, extra FROM runs")
    assert len(runs) == 1, runs
    assert (runs[0]["pages"], runs[0]["articles_new"], runs[0]["articles_unchanged"]) == (3, 3, 0), runs
    assert json.loads(runs[0]["extra"])["workers"] == 1
    assert rows(db, "SELECT pages FROM site_runs") == [{"pages": 3}]


class Evil:
    """A pickle that, unpickled, writes a marker file (the review's probe runs `id`)."""

    def __init__(self, marker: Path, url: str):
        self.marker, self.url = str(marker), url

    def __reduce__(self):
        return (eval, (f"open({self.marker!r}, 'w').write('ran') and {{'url': {self.url!r}, 'dont_filter': True}}",))


def test_the_request_queue_holds_data_and_a_pickled_entry_is_refused_not_run(tmp_path, redis):
    """scrapy-redis's queue as the workers use it: requests go in as JSON and come back whole;
    a pickle put in the queue is refused with one line and dead-lettered, never unpickled."""
    import scrapy

    from scrapers import redis_requests
    from scrapers.redis_requests import SiteQueue

    class Spider(scrapy.Spider):
        name = "s"

        def parse_article(self, response, n=0):
            pass

        def failed(self, failure):
            pass

    spider = Spider()
    client = redis.client()
    queue = SiteQueue(client, spider, "declutter:site:s:requests", serializer=redis_requests)
    request = scrapy.Request("http://news.test/a?b=1", callback=spider.parse_article, errback=spider.failed,
                             method="POST", body=b"\x00\xff body", headers={"X-Legacy": b"\xb0\xa1.txt"},
                             meta={"kind": "article", "page_url": "http://news.test/a", "lastmod": None},
                             cb_kwargs={"n": 2}, priority=5)
    queue.push(request)
    (raw,) = client.zrange("declutter:site:s:requests", 0, -1)
    stored = json.loads(raw)                                    # data: no pickle in Redis
    assert stored["callback"] == "parse_article" and stored["errback"] == "failed"
    back = queue.pop()
    assert (back.url, back.method, back.body, back.priority, back.cb_kwargs) == (
        request.url, "POST", b"\x00\xff body", 5, {"n": 2})
    assert back.headers.getlist("X-Legacy") == [b"\xb0\xa1.txt"] and back.meta == request.meta
    assert back.callback == spider.parse_article and back.errback == spider.failed

    marker = tmp_path / "PWNED"
    evil = pickle.dumps(Evil(marker, "http://news.test/pwned"), protocol=4)
    client.zadd("declutter:site:s:requests", {evil: -1000})
    assert queue.pop() is None and not marker.exists()
    assert client.lrange(rq.DEAD, 0, -1) == [evil] and not client.zcard("declutter:site:s:requests")
    assert "(a pickle)" in json.loads(client.lindex(rq.DEAD_WHY, 0))["reason"]


def test_a_pickle_put_in_a_running_crawls_queue_is_refused_with_one_line(tmp_path, redis, monkeypatch):
    """The review's probe R1: a pickled "request" put in the queue of a running crawl."""
    recorder = Recorder(monkeypatch)                            # requests wait until the pickle is in
    tree = make_site(tmp_path / "tree")
    db = tmp_path / "news.db"
    cluster = Cluster(redis, db, tmp_path / "logs")
    cluster.start_writer()
    client = redis.client()
    marker = tmp_path / "PWNED"
    with LocalSite(tree) as site:
        base = site.hosts["news.test"].base
        worker = cluster.worker(base + "/")
        wait_for(lambda: any(client.scan_iter("declutter:site:*:members")), what="the worker to begin its run")
        (members,) = client.scan_iter("declutter:site:*:members")
        queue = members.decode().rsplit(":", 1)[0] + ":requests"
        client.zadd(queue, {pickle.dumps(Evil(marker, base + "/news/pwned"), protocol=4): -1000})
        recorder.gate.set()
        assert finish(worker) == 0, cluster.log(None)
        cluster.drained(runs_ended=1)
        pages = len(site.hosts["news.test"].pages)
    cluster.stop_writer()
    log = cluster.log(None)
    assert not marker.exists()
    refused = [line for line in log.splitlines() if "refused a queued request" in line]
    assert len(refused) == 1 and "(a pickle)" in refused[0] and "Traceback" not in log, log
    assert client.llen(rq.DEAD) == 1
    assert not any("/news/pwned" in r["url"] for r in rows(db, "SELECT url FROM pages"))
    assert len(rows(db, "SELECT 1 FROM pages")) >= pages - 5        # the crawl went on


def test_a_redis_password_is_never_printed_nor_on_the_command_line(tmp_path, monkeypatch):
    with RedisServer(tmp_path / "redis", password="S3cretPW") as server:
        wrong = server.url.replace("S3cretPW", "WrongPW")
        for command in (["crawl", "http://127.0.0.1:9/"], ["store", "--db", tmp_path / "x.db"]):
            result = run_cli(*command, "--redis", wrong)
            assert result.returncode == 1 and "cannot reach Redis" in result.stderr, result.stderr
            assert "WrongPW" not in result.stderr and ":***@" in result.stderr, result.stderr
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr

        # the URL from the environment: a bare --redis; and results signed with a shared key
        monkeypatch.setenv("DECLUTTER_REDIS_URL", server.url)
        monkeypatch.setenv("DECLUTTER_SHARED_KEY", "a key the workers and the writer share")
        tree = make_site(tmp_path / "tree")
        db = tmp_path / "news.db"
        logs = tmp_path / "logs"
        logs.mkdir()
        writer = popen("store", "--redis", "--db", db, log=logs / "writer.log")
        with LocalSite(tree) as site:
            worker = popen("crawl", site.hosts["news.test"].base + "/", "--redis", *WORKER, log=logs / "worker.log")
            for proc in (writer, worker):   # what `ps` shows (where /proc says)
                cmdline = Path(f"/proc/{proc.pid}/cmdline")
                assert not cmdline.exists() or b"S3cretPW" not in cmdline.read_bytes()
            assert finish(worker) == 0, (logs / "worker.log").read_text()
            pages = len(site.hosts["news.test"].pages)
        wait_for(lambda: db.exists() and len(rows(db, "SELECT 1 FROM runs WHERE ended IS NOT NULL")) == 1,
                 what="the run stored")
        writer.terminate()
        assert writer.wait(60) == 0
        assert len(rows(db, "SELECT 1 FROM pages")) >= pages - 5
        for log in logs.glob("*.log"):
            assert "S3cretPW" not in log.read_text()
        assert "dead-lettered" not in (logs / "writer.log").read_text()      # all signed, all stored
        monkeypatch.delenv("DECLUTTER_REDIS_URL")
        result = run_cli("store", "--redis", "--db", db)
        assert result.returncode == 2 and "DECLUTTER_REDIS_URL" in result.stderr


def test_with_a_shared_key_the_writer_stores_only_what_the_workers_signed(tmp_path, redis, monkeypatch):
    from scrapers.redis_store import RemoteStore
    monkeypatch.setenv("DECLUTTER_SHARED_KEY", "k3y")
    client = redis.client()
    signed = Page(url="http://k9.example/news/signed", body=b"<html><p>signed</p></html>")
    RemoteStore(client).save(signed, [Article(url=signed.url, title="Signed", body="A signed page.")])
    forged = good_page("http://k9.example/news/forged")                      # no signature
    other = rq.sign(good_page("http://k9.example/news/other"), b"another key")
    client.lpush(rq.RESULTS, forged, other)
    db = tmp_path / "news.db"
    cluster = Cluster(redis, db, tmp_path / "logs")
    cluster.start_writer()
    wait_for(lambda: empty(client) and client.llen(rq.DEAD) == 2, what="every message taken")
    cluster.stop_writer()
    assert [r["url"] for r in rows(db, "SELECT url FROM pages")] == [signed.url]
    reasons = why(client)
    assert "unsigned page message" in reasons[digest(forged)]
    assert "signature does not match" in reasons[digest(other)]
