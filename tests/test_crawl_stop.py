"""Stopping and failing loudly: a signal stops a crawl cleanly, every time; a site that cannot
be reached at all is reported. Real `declutter crawl` processes against a site on 127.0.0.1."""
import json
import re
import os
import signal
import subprocess
import sys
import time

import pytest

from scrapers.runlock import RunLock
from hostsite import Site, article, page, slow, urlset
from test_crawl import FAST, ROOT, crawl, rows


def start_crawl(*args) -> subprocess.Popen:
    """A crawl in its own session (process group), as a terminal would run it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "declutter", "crawl", *FAST, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env,
                            start_new_session=True)


def test_ctrl_c_or_sigterm_stops_a_crawl_cleanly_every_time(tmp_path):
    routes = {f"/news/slow-{i:04d}": slow(1.0, article(f"Slow article {i}")) for i in range(200)}
    db = tmp_path / "news.db"
    with Site(routes) as site:
        routes["/sitemap.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")),
                                      "application/xml")
        for attempt, (sig, group) in enumerate([(signal.SIGINT, True), (signal.SIGTERM, False)] * 2
                                               + [(signal.SIGINT, True)]):
            before = site.hits("/news/")
            proc = start_crawl(site.base + "/sitemap.xml", "--db", db, "-s", "DOWNLOAD_TIMEOUT=30")
            deadline = time.monotonic() + 60
            while site.hits("/news/") < before + 2 and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.1)   # the crawl is fetching articles: the middle of a run
            (os.killpg if group else os.kill)(proc.pid, sig)   # Ctrl-C reaches the whole group
            try:
                _, err = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                pytest.fail(f"attempt {attempt}: {sig.name} did not stop the crawl within 60 s")
            assert proc.returncode == 128 + sig, (attempt, err)
            assert "Traceback" not in err, (attempt, err)
            lines = err.strip().splitlines()
            assert len(lines) == 1 and f"stopped by {sig.name}" in lines[0], (attempt, err)
            RunLock(db, site.base[len("http://"):]).acquire().release()   # the lock is free
    runs = rows(db, "SELECT ended, extra FROM runs ORDER BY id")
    assert len(runs) == 5
    assert all(r["ended"] and json.loads(r["extra"])["finish_reason"] == "shutdown" for r in runs), runs


def closed_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]   # closed again when the test uses it: nothing listens


def test_a_site_that_cannot_be_reached_from_its_first_run_is_reported(tmp_path):
    from conftest import run_cli
    db = tmp_path / "news.db"
    with Site({"/sitemap.xml": lambda q: (503, {}, b"down for maintenance")}) as failing:
        targets = [f"http://127.0.0.1:{closed_port()}/", failing.base + "/sitemap.xml"]
        for target in targets:
            res = crawl(target, "--db", db)
            assert res.returncode == 6, res.stderr
            assert "unreachable: every source failed" in res.stderr
    health = run_cli("health", "--db", db)
    assert health.returncode == 6, health.stderr
    # each local server is a site of its own, named with its port (cleaners.sites.site_name)
    states = [line for line in health.stdout.splitlines() if not line.startswith(" ")]
    assert len(states) == 2 and all(re.fullmatch(r"127\.0\.0\.1:\d+: unreachable", s) for s in states), health.stdout
    assert health.stdout.count("  ! every source failed: ") == 2, health.stdout
    with Site({"/sitemap.xml": page(urlset([]), "application/xml")}) as empty:
        res = crawl(empty.base + "/sitemap.xml", "--db", db)
        name = empty.base.removeprefix("http://")
    assert res.returncode == 0, res.stderr   # a site that answers, with nothing new, is not unreachable
    after = run_cli("health", "--db", db, "--site", name)
    assert after.returncode == 0 and "unreachable" not in after.stdout, after.stdout


def test_cleaning_workers_do_not_outlive_a_crawl_killed_outright(tmp_path):
    from test_crawl import _cleaning_workers
    routes = {f"/news/slow-{i:04d}": slow(1.0, article(f"Slow article {i}")) for i in range(100)}
    with Site(routes) as site:
        routes["/sitemap.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")),
                                      "application/xml")
        proc = start_crawl(site.base + "/sitemap.xml", "--db", tmp_path / "news.db", "-s", "DOWNLOAD_TIMEOUT=30")
        deadline = time.monotonic() + 60
        while not (_cleaning_workers(proc.pid) and site.hits("/news/") >= 2) and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _cleaning_workers(proc.pid)
        assert workers, "no cleaning worker found"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)   # reaped: the crawl is gone (its pipes stay open while workers live)
        deadline = time.monotonic() + 60
        while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [pid for pid in workers if os.path.exists(f"/proc/{pid}")]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, "cleaning workers outlived the crawl"
