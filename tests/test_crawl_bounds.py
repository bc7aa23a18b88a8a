"""Bounded discovery: a sitemap's entries, nested indexes, --max-pages before queuing, one request
per article however many tracking spellings link it. Over real HTTP to a site on 127.0.0.1."""
import gzip
import json
import subprocess
import sys

import pytest

from hostsite import Site, article, index, page, urlset
from test_crawl import FAST, ROOT, rows

MB = 1024 * 1024


def crawl_with_peak(*args, timeout=300) -> tuple[subprocess.CompletedProcess, float]:
    """`declutter crawl ...` run under a small parent that reports the crawl's peak RSS (MB)."""
    code = ("import json, resource, subprocess, sys; "
            "r = subprocess.run([sys.executable, '-m', 'declutter', 'crawl', *sys.argv[1:]], capture_output=True, text=True); "
            "print(json.dumps([r.returncode, r.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))")
    out = subprocess.run([sys.executable, "-c", code, *FAST, *map(str, args)], capture_output=True, text=True,
                         cwd=ROOT, timeout=timeout, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    rc, stderr, peak = json.loads(out.stdout)
    return subprocess.CompletedProcess(args, rc, "", stderr), peak


def test_a_sitemap_of_500000_urls_with_max_pages_50_stays_small_and_fetches_50(tmp_path):
    routes = {"/news/a": page(article("Listed article"))}
    with Site(routes) as site:
        many = gzip.compress(urlset(f"{site.base}/news/a?n={i:07d}" for i in range(500_000)), mtime=0)
        assert len(many) < 2 * MB
        routes["/many.xml.gz"] = page(many, "application/x-gzip")
        res, peak = crawl_with_peak(site.base + "/many.xml.gz", "--db", tmp_path / "news.db", "--max-pages", "50",
                                    "-s", "DECLUTTER_CLEAN_WORKERS=1", "-s", f"DOWNLOAD_MAXSIZE={16 * MB}")
        fetched = {p for p in site.log if p.startswith("/news/a")}   # a retry fetches a URL twice
    assert res.returncode == 0, res.stderr
    assert len(fetched) == 50
    assert peak < 300, f"peak RSS {peak:.0f} MB"
    reasons = [r["reason"] for r in rows(tmp_path / "news.db", "SELECT reason FROM errors")]
    assert reasons == ["more than 50,000 entries (the sitemap protocol's limit): only the first 50,000 read"]


def test_nested_sitemap_indexes_are_followed_two_deep_and_the_rest_is_an_error_row(tmp_path):
    routes = {"/news/end": page(article("End of the chain"))}
    with Site(routes) as site:
        def chain(q):
            n = int(q.split("=")[1])
            return 200, {"Content-Type": "application/xml"}, index([f"{site.base}/chain.xml?n={n + 1}"])
        routes["/chain.xml"] = chain
        routes["/sitemap.xml"] = page(index([f"{site.base}/chain.xml?n=1", f"{site.base}/leaf.xml"]), "application/xml")
        routes["/leaf.xml"] = page(urlset([f"{site.base}/news/end"]), "application/xml")
        res = crawl_cli(site.base + "/sitemap.xml", "--db", tmp_path / "news.db")
        chained = site.hits("/chain.xml")
    assert res.returncode == 0, res.stderr
    assert chained == 2   # the start index, then two levels below it
    assert [r["title"] for r in rows(tmp_path / "news.db", "SELECT title FROM articles")] == ["End of the chain"]
    reasons = [r["reason"] for r in rows(tmp_path / "news.db", "SELECT reason FROM errors")]
    assert reasons == ["1 sitemap(s) nested more than 2 indexes deep: not followed"]


def test_one_article_under_2000_tracking_spellings_is_fetched_once(tmp_path):
    links = "".join(f'<li><a href="/news/view?id=7&utm_source=s{i}&fbclid={i}">Story seven, copy {i}</a></li>'
                    for i in range(2000))
    routes = {"/": page(f"<html><body><ul>{links}</ul></body></html>".encode()),
              "/news/view": page(article("Story seven"))}
    with Site(routes) as site:
        res = crawl_cli(site.base + "/", "--db", tmp_path / "news.db")
        fetched = site.hits("/news/view")
    assert res.returncode == 0, res.stderr
    assert fetched == 1
    assert [r["title"] for r in rows(tmp_path / "news.db", "SELECT title FROM articles")] == ["Story seven"]


def crawl_cli(*args):
    from test_crawl import crawl
    return crawl(*args)


def big_tables_page() -> bytes:
    """About 15 MB of table cells: cleaning it alone takes most of a minute and gigabytes."""
    row = b"<tr>" + b"<td>12.5%</td>" * 20 + b"</tr>\n"
    return b"<html><body><article><h1>T</h1><table>" + row * (15 * MB // len(row)) + b"</table></article></body></html>"


@pytest.mark.parametrize("bound, reason", [
    (["-s", "DECLUTTER_CLEAN_TIMEOUT=10", "-s", "DECLUTTER_CLEAN_MEMORY_MB=0"], "cleaning took longer than 10 s (given up)"),
    # with an address-space limit as well: the page ends at whichever bound it meets first
    # (out of memory, the cleaners give up on it: no article), and the crawl goes on
    (["-s", "DECLUTTER_CLEAN_TIMEOUT=30", "-s", "DECLUTTER_CLEAN_MEMORY_MB=600"], None),
])
def test_a_15_mb_page_ends_within_its_cleaning_bound_and_the_crawl_goes_on(tmp_path, bound, reason):
    routes = {"/news/big-0001": page(big_tables_page()),
              **{f"/news/normal-{i:04d}": page(article(f"Normal article {i}")) for i in range(2, 6)}}
    with Site(routes) as site:
        routes["/sitemap.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")),
                                      "application/xml")
        res = crawl_cli(site.base + "/sitemap.xml", "--db", tmp_path / "news.db", "-s", f"DOWNLOAD_MAXSIZE={16 * MB}",
                        "-s", "DECLUTTER_CLEAN_WORKERS=2", *bound)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    titles = sorted(r["title"] for r in rows(tmp_path / "news.db", "SELECT title FROM articles"))
    assert titles == [f"Normal article {i}" for i in range(2, 6)]
    errors = rows(tmp_path / "news.db", "SELECT source, reason FROM errors")
    assert [e["source"].rsplit("/", 1)[1] for e in errors] == ["big-0001"]
    assert errors[0]["reason"] == reason or reason is None


def test_a_huge_robots_txt_is_obeyed_from_its_first_part(tmp_path):
    robots = b"User-agent: *\nDisallow: /news/secret\n" + b"# padding padding padding padding\n" * 520_000
    assert len(robots) > 16 * MB   # over the download size limit
    routes = {"/news/public-0001": page(article("Public article")), "/news/secret-0002": page(article("Secret"))}
    with Site(routes, robots=robots) as site:
        routes["/sitemap.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")),
                                      "application/xml")
        res = crawl_cli(site.base + "/sitemap.xml", "--db", tmp_path / "news.db", "-s", f"DOWNLOAD_MAXSIZE={16 * MB}")
        secret = site.hits("/news/secret")
    assert res.returncode == 0, res.stderr
    assert secret == 0
    assert [r["title"] for r in rows(tmp_path / "news.db", "SELECT title FROM articles")] == ["Public article"]
    assert [r["reason"] for r in rows(tmp_path / "news.db", "SELECT reason FROM errors")] == ["forbidden by robots.txt"]


def test_crawl_delay_spaces_the_requests_to_the_site(tmp_path):
    import time
    arrivals = []

    def timed(n):
        def route(q):
            arrivals.append(time.monotonic())
            return 200, {}, article(f"Delayed article {n}")
        return route
    routes = {f"/news/delayed-{i:04d}": timed(i) for i in range(4)}
    with Site(routes, robots=b"User-agent: *\nCrawl-delay: 2\nAllow: /\n") as site:
        routes["/sitemap.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")),
                                      "application/xml")
        res = crawl_cli(site.base + "/sitemap.xml", "--db", tmp_path / "news.db")
    assert res.returncode == 0, res.stderr
    assert len(arrivals) == 4
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    # a lower bound with room for jitter in when requests reach the server (without the delay
    # the four arrive within milliseconds of each other)
    assert min(gaps) > 1.0, gaps


def test_impersonated_fetches_keep_the_download_size_limit(tmp_path):
    bomb = gzip.compress(b"\0" * (40 * MB), mtime=0)   # 40 KB on the wire
    routes = {"/news/bomb-0001": page(bomb, **{"Content-Encoding": "gzip"}),
              "/news/big-0002": page(b"<html><body><p>" + b"word " * (4 * MB // 5) + b"</p></body></html>"),
              "/news/normal-0003": page(article("Normal article"))}
    with Site(routes) as site:
        routes["/sitemap.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")),
                                      "application/xml")
        res = crawl_cli(site.base + "/sitemap.xml", "--db", tmp_path / "news.db",
                        "-s", "DECLUTTER_IMPERSONATE=chrome", "-s", "DECLUTTER_CLEAN_WORKERS=1")
    assert res.returncode == 0, res.stderr
    assert [r["title"] for r in rows(tmp_path / "news.db", "SELECT title FROM articles")] == ["Normal article"]
    errors = {r["source"].rsplit("/", 1)[1]: r["reason"] for r in rows(tmp_path / "news.db", "SELECT * FROM errors")}
    assert errors == dict.fromkeys(["bomb-0001", "big-0002"], "larger than the download size limit (200000 bytes)")
    assert [r["size"] for r in rows(tmp_path / "news.db", "SELECT size FROM pages")] == [len(article("Normal article"))]
