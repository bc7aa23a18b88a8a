"""Crawls over real HTTP against a local site on 127.0.0.1: the whole chain, as users run it.

Crawls run as `declutter crawl` subprocesses (a Twisted reactor starts once per process);
the site runs in this process, so the tests can see every request it served.
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from cleaners import clean
from scrapers.localsite import LocalSite
from scrapers.runlock import RunLock
from storage import canonical_url

from conftest import FIXTURES, ROOT, run_cli

SITES = FIXTURES / "sites"
# Fast and deterministic: short timeouts, one quick retry, small size limit.
# (AutoThrottle and DOWNLOAD_DELAY stay on: loopback hosts are exempt by default.)
FAST = ["-s", "DOWNLOAD_TIMEOUT=3",  # long enough for a loaded machine; the timeout trap waits longer
        "-s", "RETRY_TIMES=1", "-s", "DECLUTTER_RETRY_BACKOFF=0.05", "-s", "DECLUTTER_PROGRESS_INTERVAL=0",
        "-s", "DOWNLOAD_MAXSIZE=200000", "-s", "DOWNLOAD_WARNSIZE=0", "-s", "REDIRECT_MAX_TIMES=4",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "DECLUTTER_CLEAN_WORKERS=2"]
GOOD = sorted(p for p in SITES.glob("*/*.html") if not p.stem.startswith("list-"))


def crawl(*args, timeout=90):
    return run_cli("crawl", *FAST, *args, timeout=timeout)  # a test's own -s wins


def rows(db, sql, *params):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def write_page(root: Path, name: str, url: str, body: bytes = b"", **meta):
    (root / "news" / f"{name}.html").write_bytes(body)
    (root / "news" / f"{name}.json").write_text(json.dumps({"url": url, **meta}), encoding="utf-8")


def build_site(root: Path, traps: bool = True, delay: float = 0.0) -> dict[str, str]:
    """A news site of the fixture pages under new paths, plus pages that misbehave.
    Returns {name: path and query} of every page."""
    (root / "news").mkdir(parents=True)
    paths = {}
    for i, page in enumerate(GOOD):
        name = f"good{i}"
        paths[name] = f"/articles/{page.parent.name}-{page.stem}.html"
        write_page(root, name, "http://news.test" + paths[name], page.read_bytes(), **({"delay": delay} if delay else {}))
    if not traps:
        return paths
    article = GOOD[0].read_bytes()
    traps = {
        "e500": dict(body=b"oops", status=500),
        "e404": dict(body=b"gone", status=404),
        "timeout": dict(body=article, delay=7),
        "slow": dict(body=article.replace(b"</title>", b" (slow)</title>"), delay=0.4),
        "redir1": dict(body=b"", redirect="/trap/redir2"),
        "redir2": dict(body=b"", redirect="/trap/redir-target", status=302),
        "loop1": dict(body=b"", redirect="/trap/loop2"),
        "loop2": dict(body=b"", redirect="/trap/loop1"),
        "huge": dict(body=b"<html><body>" + b"<p>padding padding</p>" * 20000 + b"</body></html>"),
        "pdf": dict(body=b"%PDF-1.4 binary", content_type="application/pdf"),
        "octet": dict(body=article, content_type="application/octet-stream"),
        "broken": dict(body=b"<html><head><title>Broken<body><div><p>Half a page about the "
                            b"<b>storage market <i>and</table></html" + b"\x00\xff" * 20),
    }
    for name, spec in traps.items():
        paths[name] = f"/trap/{name}"
        body = spec.pop("body")
        write_page(root, name, "http://news.test" + paths[name], body, **spec)
    # the redirect chain's end: not in the sitemap itself
    (root / "extra").mkdir()
    (root / "extra" / "target.html").write_bytes(GOOD[1].read_bytes())
    (root / "extra" / "target.json").write_text(json.dumps({"url": "http://news.test/trap/redir-target"}))
    paths["private"] = "/private/secret"
    write_page(root, "private", "http://news.test/private/secret", article)
    (root / "news" / "robots.txt").write_text("User-agent: *\nDisallow: /private/\nSitemap: {base}/sitemap.xml\n")
    return paths


@pytest.fixture()
def site(tmp_path):
    paths = build_site(tmp_path / "tree")
    with LocalSite(tmp_path / "tree") as local:
        host = local.hosts["news.test"]
        yield host, paths


def expected_articles(base: str, names: list[str], paths: dict[str, str]) -> dict[str, tuple]:
    """What `clean` gives in this process for the same pages: the crawl must store exactly that."""
    out = {}
    for name in names:
        url = base + paths[name]
        body = (SITES / GOOD[int(name[4:])].relative_to(SITES)).read_bytes()
        for article in clean(body, url=url, content_type="text/html"):
            out[canonical_url(article.url)] = (article.title, article.body)
    return out


def test_crawl_from_a_sitemap_stores_the_articles_and_records_every_failure(site, tmp_path):
    host, paths = site
    db = tmp_path / "news.db"
    result = crawl(f"{host.base}/sitemap.xml", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "finished" in result.stderr and "articles" in result.stderr

    good = [n for n in paths if n.startswith("good")]
    stored = {canonical_url(r["url"]): (r["title"], r["body"]) for r in rows(db, "SELECT url, title, body FROM articles")}
    expected = expected_articles(host.base, good, paths)
    assert expected and all(stored.get(url) == value for url, value in expected.items())

    errors = {r["source"]: (r["stage"], r["reason"]) for r in rows(db, "SELECT source, stage, reason FROM errors")}
    url = {name: host.base + path for name, path in paths.items()}
    # retried, then recorded
    assert errors[url["e500"]] == ("fetch", "HTTP 500") and host.hits[paths["e500"]] == 2
    assert "Timeout" in errors[url["timeout"]][1] and host.hits[paths["timeout"]] == 2
    # recorded without a retry
    assert errors[url["e404"]] == ("fetch", "HTTP 404") and host.hits[paths["e404"]] == 1
    assert "size limit" in errors[url["huge"]][1] and host.hits[paths["huge"]] == 1
    assert "not an HTML page" in errors[url["pdf"]][1]
    assert rows(db, "SELECT 1 FROM articles WHERE url = ?", url["octet"])  # HTML, though mislabelled
    assert "redirect" in errors[url["loop1"]][1]
    # robots.txt: never requested
    assert errors[url["private"]] == ("robots", "forbidden by robots.txt") and host.hits[paths["private"]] == 0
    # slow but in time: stored; a redirect chain: stored under the URL asked for, with where it ended
    assert rows(db, "SELECT 1 FROM articles WHERE url = ?", url["slow"]) and url["slow"] not in errors
    page = rows(db, "SELECT url, final_url FROM pages WHERE url = ?", url["redir1"])
    assert page and page[0]["final_url"].endswith("/trap/redir-target")
    # malformed HTML: the page is kept (re-cleanable) or an error says why; never a crash
    assert rows(db, "SELECT 1 FROM pages WHERE url = ?", url["broken"]) or url["broken"] in errors

    run = rows(db, "SELECT * FROM runs")[-1]
    assert run["command"] == "crawl" and run["ended"] and json.loads(run["extra"])["finish_reason"] == "finished"
    assert run["errors"] == len(rows(db, "SELECT 1 FROM errors WHERE run_id = ?", run["id"]))


def test_a_second_crawl_fetches_no_article_again_and_refetches_a_changed_one(site, tmp_path):
    host, paths = site
    db = tmp_path / "news.db"
    assert crawl(f"{host.base}/sitemap.xml", "--db", db).returncode == 0
    first = dict(host.hits)
    pages = rows(db, "SELECT count(*) AS n FROM pages")[0]["n"]

    second = crawl(f"{host.base}/sitemap.xml", "--db", db)
    assert second.returncode == 0, second.stderr
    articles = [p for n, p in paths.items() if n.startswith("good")]
    assert all(host.hits[p] == first[p] == 1 for p in articles)
    assert host.hits["/sitemap.xml"] == 2                      # discovery is read again...
    assert host.hits["/sitemap-articles.xml.gz"] == 1          # ...and an unchanged index stops there (304)
    assert rows(db, "SELECT count(*) AS n FROM pages")[0]["n"] == pages
    assert json.loads(rows(db, "SELECT extra FROM runs ORDER BY id DESC LIMIT 1")[0]["extra"])["not_modified"] >= 1

    # the sitemap says one article changed: that one, and only that one, is fetched again
    host.pages[paths["good0"]].meta["lastmod"] = "2025-06-01T00:00:00+00:00"
    third = crawl(f"{host.base}/sitemap.xml", "--db", db)
    assert third.returncode == 0, third.stderr
    assert host.hits[paths["good0"]] == 2
    assert all(host.hits[p] == 1 for p in articles if p != paths["good0"])


def test_a_bare_site_url_finds_the_sitemap_through_robots_txt(tmp_path):
    build_site(tmp_path / "tree", traps=False)
    with LocalSite(tmp_path / "tree") as local:
        host = local.hosts["news.test"]
        db = tmp_path / "x.db"
        result = crawl(host.base + "/", "--db", db)
        assert result.returncode == 0, result.stderr
        assert host.hits["/robots.txt"] >= 1
        stored = {r["url"] for r in rows(db, "SELECT url FROM pages")}
        assert stored == {d for d in host.documents()}


def test_the_bundled_sample_crawls_with_the_site_spiders(tmp_path):
    db = tmp_path / "sample.db"
    result = crawl("--sample", "--db", db)
    assert result.returncode == 0, result.stderr
    expected = {}
    for meta in sorted(SITES.glob("*/*.json")):
        if meta.stem.startswith("list-"):
            continue  # a listing: read for links, not stored
        url = json.loads(meta.read_text(encoding="utf-8"))["url"]
        for article in clean(meta.with_suffix(".html").read_bytes(), url=url, content_type="text/html"):
            expected[canonical_url(article.url)] = (article.site, article.title, article.body)
    stored = {canonical_url(r["url"]): (r["site"], r["title"], r["body"])
              for r in rows(db, "SELECT url, site, title, body FROM articles")}
    assert stored == expected
    assert {r["args"].split()[0] for r in rows(db, "SELECT args FROM runs")} >= {
        "ezyeconomy", "etoday", "metroseoul", "newsway", "daum"}

    again = crawl("--sample", "--db", db)
    assert again.returncode == 0, again.stderr
    last = rows(db, "SELECT pages, extra FROM runs ORDER BY id DESC LIMIT 6")
    assert all(r["pages"] == 0 for r in last) and sum(json.loads(r["extra"])["known"] for r in last) > 0


def test_a_second_run_of_the_same_site_says_so_and_exits_non_zero(tmp_path):
    build_site(tmp_path / "tree", traps=False)
    with LocalSite(tmp_path / "tree") as local:
        base = local.hosts["news.test"].base
        db = tmp_path / "x.db"
        lock = RunLock(db, base.split("//")[1]).acquire()
        try:
            result = crawl(base + "/sitemap.xml", "--db", db)
        finally:
            lock.release()
        assert result.returncode == 3
        assert "another crawl holds" in result.stderr
        assert crawl(base + "/sitemap.xml", "--db", db).returncode == 0


def test_a_killed_crawl_resumes_without_loss_or_duplicates(tmp_path):
    build_site(tmp_path / "tree", traps=False, delay=0.4)
    with LocalSite(tmp_path / "tree") as local:
        host = local.hosts["news.test"]
        start = host.base + "/sitemap.xml"
        slow = ["-s", 'DOWNLOAD_SLOTS={"127.0.0.1": {"concurrency": 1, "delay": 0.001}}']  # one page at a time

        whole = tmp_path / "whole.db"
        assert crawl(start, "--db", whole, *slow).returncode == 0

        killed = tmp_path / "killed.db"
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen([sys.executable, "-m", "declutter", "crawl", start, "--db", str(killed), *FAST, *slow],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if killed.exists() and rows(killed, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'pages'")[0]["n"] \
                    and rows(killed, "SELECT count(*) AS n FROM pages")[0]["n"] >= 3:
                break
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)  # the crawler and its cleaning workers, mid-run
        proc.wait()
        done_before = rows(killed, "SELECT count(*) AS n FROM pages")[0]["n"]
        assert 3 <= done_before < len(GOOD)

        resumed = crawl(start, "--db", killed, *slow)
        assert resumed.returncode == 0, resumed.stderr

        def articles(db):
            return sorted((r["url"], r["title"], r["body"]) for r in rows(db, "SELECT url, title, body FROM articles"))

        assert articles(killed) == articles(whole)
        assert len({a[0] for a in articles(killed)}) == len(articles(killed))
        # pages stored before the kill were not fetched by the resumed run
        assert rows(killed, "SELECT count(*) AS n FROM pages")[0]["n"] == len(GOOD)
        resumed_run = rows(killed, "SELECT pages FROM runs ORDER BY id DESC LIMIT 1")[0]
        assert resumed_run["pages"] <= len(GOOD) - done_before


def _cleaning_workers(group: int) -> list[int]:
    """The crawl's cleaning workers: children of the fork server, itself a child of the crawl."""
    parents = {}
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError, ValueError):
            continue
        if int(fields[2]) == group:  # the process group the crawl leads
            parents[int(entry.name)] = int(fields[1])
    servers = {pid for pid, parent in parents.items() if parent == group}
    return [pid for pid, parent in parents.items() if parent in servers]


def test_a_cleaning_worker_that_dies_mid_crawl_costs_no_page(tmp_path):
    build_site(tmp_path / "tree", traps=False, delay=0.3)
    with LocalSite(tmp_path / "tree") as local:
        start = local.hosts["news.test"].base + "/sitemap.xml"
        slow = ["-s", 'DOWNLOAD_SLOTS={"127.0.0.1": {"concurrency": 1, "delay": 0.001}}']
        db = tmp_path / "news.db"
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        proc = subprocess.Popen([sys.executable, "-m", "declutter", "crawl", start, "--db", str(db), *FAST, *slow],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if db.exists() and rows(db, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'pages'")[0]["n"] \
                    and rows(db, "SELECT count(*) AS n FROM pages")[0]["n"] >= 2 and _cleaning_workers(proc.pid):
                break
            time.sleep(0.05)
        victims = _cleaning_workers(proc.pid)
        assert victims, "no cleaning worker found"
        os.kill(victims[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=90)
        assert proc.returncode == 0, err.decode()
        assert rows(db, "SELECT count(*) AS n FROM pages")[0]["n"] == len(GOOD)
        assert rows(db, "SELECT count(*) AS n FROM errors WHERE stage = 'clean'")[0]["n"] == 0


def test_max_pages_since_and_the_progress_line(tmp_path):
    build_site(tmp_path / "tree", traps=False, delay=0.2)
    with LocalSite(tmp_path / "tree") as local:
        start = local.hosts["news.test"].base + "/sitemap.xml"

        db = tmp_path / "capped.db"
        capped = crawl(start, "--db", db, "--max-pages", "3", "-s", "DECLUTTER_PROGRESS_INTERVAL=0.1")
        assert capped.returncode == 0, capped.stderr
        assert "stopped at --max-pages" in capped.stderr
        assert "crawl generic:" in capped.stderr and "already stored" in capped.stderr  # progress lines
        stored = rows(db, "SELECT count(*) AS n FROM pages")[0]["n"]
        assert stored == 3

        # the local sitemap dates every page 2024-01-01
        later = crawl(start, "--db", tmp_path / "since.db", "--since", "2030-01-01")
        assert later.returncode == 0, later.stderr
        assert rows(tmp_path / "since.db", "SELECT count(*) AS n FROM pages")[0]["n"] == 0
        bad = crawl(start, "--db", tmp_path / "bad.db", "--since", "yesterday")
        assert bad.returncode == 2 and "not a date" in bad.stderr


def test_a_local_copy_whose_sitemap_names_the_real_site_is_crawled_as_that_site(tmp_path):
    """A copy on 127.0.0.1 whose sitemap lists the original URLs: fetched from the copy,
    stored under the original URLs, where site profiles recognise them."""
    tree = tmp_path / "tree" / "copy"
    tree.mkdir(parents=True)
    originals = []
    for i, meta in enumerate(sorted(SITES.glob("*/*.json"))):
        url = json.loads(meta.read_text(encoding="utf-8"))["url"]
        originals.append(url)
        (tree / f"p{i}.html").write_bytes(meta.with_suffix(".html").read_bytes())
        # served at the original path and query, on the copy's host
        (tree / f"p{i}.json").write_text(json.dumps({"url": "http://copy.test/" + url.split("/", 3)[3]}))
    sitemap = "".join(f"<url><loc>{escape(u)}</loc></url>" for u in originals)
    (tree / "sitemap.html").write_text(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{sitemap}</urlset>')
    (tree / "sitemap.json").write_text(json.dumps({"url": "http://copy.test/original-sitemap.xml",
                                                   "content_type": "application/xml"}))
    with LocalSite(tmp_path / "tree") as local:
        host = local.hosts["copy.test"]
        db = tmp_path / "copy.db"
        result = crawl(host.base + "/original-sitemap.xml", "--db", db)
        assert result.returncode == 0, result.stderr
        stored = {canonical_url(r["url"]) for r in rows(db, "SELECT url FROM pages")}
        assert stored == {canonical_url(u) for u in originals}
        sites = {r["site"] for r in rows(db, "SELECT site FROM articles")}
        assert {"etoday.co.kr", "v.daum.net"} <= sites
        hits = sum(host.hits.values())
        again = crawl(host.base + "/original-sitemap.xml", "--db", db)
        assert again.returncode == 0 and "0 pages" in again.stderr
        assert sum(host.hits.values()) - hits <= 2  # robots.txt and the sitemap, no page


def test_site_names_and_bad_arguments(tmp_path):
    listed = run_cli("crawl", "--list")
    assert listed.returncode == 0
    assert {"ezyeconomy", "etoday", "metroseoul", "newsway", "daum"} <= set(listed.stdout.split())
    unknown = run_cli("crawl", "nosuchsite", "--db", tmp_path / "x.db")
    assert unknown.returncode == 2 and "unknown site 'nosuchsite'" in unknown.stderr
    assert run_cli("crawl", "etoday").returncode == 2  # no --db
    notdb = tmp_path / "notes.db"
    notdb.write_text("not a database")
    refused = run_cli("crawl", "http://127.0.0.1:9/sitemap.xml", "--db", notdb)
    assert refused.returncode == 1 and "not a SQLite database" in refused.stderr
