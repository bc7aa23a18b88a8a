"""`declutter crawl naver` over real HTTP against a local copy of Naver News on 127.0.0.1:
section lists per day, paginated, on news.naver.com; articles on n.news.naver.com and the
sports host; every article of the day stored once, and a second run fetches none again."""
import json
import sqlite3

from scrapers.localsite import LocalSite, spider_aliases, spider_families, spider_targets
from storage import canonical_url

from conftest import FIXTURES, run_cli

NAVER = FIXTURES / "sites" / "naver"
FAST = ["-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=1", "-s", "DECLUTTER_RETRY_BACKOFF=0.05",
        "-s", "DECLUTTER_PROGRESS_INTERVAL=0", "-s", "DECLUTTER_CLEAN_WORKERS=1", "-s", "DECLUTTER_MAX_LISTING_PAGES=10"]


def build_copy(root):
    """Nine articles of 2024-08-01 (eight desktop, one sports) and two of the next day."""
    (root / "naver").mkdir(parents=True)
    desktop = (NAVER / "n-yonhap-2024-heatwave.html").read_text(encoding="utf-8")
    sports = (NAVER / "msports-yonhap-2024-marathon.html").read_bytes()
    urls = {}
    for i in range(10):
        day = "2024-08-01" if i < 8 else "2024-08-02"
        url = f"https://n.news.naver.com/mnews/article/001/00148{i:05d}"
        html = desktop.replace("폭염특보 전국 확대", f"폭염특보 {i}호 전국 확대").replace("2024-08-01 10:42:19", f"{day} 10:42:19")
        (root / "naver" / f"a{i}.html").write_text(html, encoding="utf-8")
        (root / "naver" / f"a{i}.json").write_text(json.dumps({"url": url, "published": f"{day}T10:42:19+09:00"}))
        urls[url] = day
    url = "https://m.sports.naver.com/general/article/001/0014829876"
    (root / "naver" / "s.html").write_bytes(sports)
    (root / "naver" / "s.json").write_text(json.dumps({"url": url, "published": "2024-08-01T09:15:00+09:00"}))
    urls[url] = "2024-08-01"
    return urls


def stored(db):
    with sqlite3.connect(db) as conn:
        return [r for r in conn.execute("SELECT url, site, publisher, title FROM articles")]


def test_a_day_of_naver_lists_stores_every_article_once_and_a_second_run_fetches_none(tmp_path):
    urls = build_copy(tmp_path / "tree")
    db = tmp_path / "naver.db"
    with LocalSite(tmp_path / "tree", per_page=3, aliases=spider_aliases(), families=spider_families()) as local:
        assert "news.naver.com" in local.hosts  # the lists' host, served without pages of its own
        ((name, kwargs),) = spider_targets(local, only="naver")
        args = ["crawl", "naver", "--db", db, "--since", "2024-08-01", "--until", "2024-08-01",
                "-a", f"mirror={kwargs['mirror']}", *FAST]
        first = run_cli(*args, timeout=180)
        assert first.returncode == 0, first.stderr
        rows = stored(db)
        want = {canonical_url(u) for u, day in urls.items() if day == "2024-08-01"}
        assert sorted(canonical_url(r[0]) for r in rows) == sorted(want)  # each once, none of the next day
        assert {r[1] for r in rows} == {"n.news.naver.com", "m.sports.naver.com"} and {r[2] for r in rows} == {"연합뉴스"}
        lists = local.hosts["news.naver.com"].hits
        assert any("sid1=101" in t and "date=20240801" in t and "page=3" in t for t in lists)  # pagination followed
        assert not any("date=20240802" in t for t in lists)
        article_hits = lambda: sum(n for h in local.hosts.values() for t, n in h.hits.items() if "/article/" in t)  # noqa: E731
        assert article_hits() == len(want)
        second = run_cli(*args, timeout=180)
        assert second.returncode == 0, second.stderr
        assert article_hits() == len(want)  # nothing fetched again
        assert len(stored(db)) == len(want)
        assert "0 pages" in second.stderr


def test_per_press_lists_and_sections_are_spider_arguments():
    from scrapy.settings import Settings

    from scrapers.spiders.naver import NaverSpider

    spider = NaverSpider(section="101,101/259", press="001")
    assert spider.run_args() == "naver section=101,101/259 press=001"  # what runs.args records
    spider.settings = Settings({"DECLUTTER_SINCE": "2024-08-01", "DECLUTTER_UNTIL": "2024-08-03"})
    urls = spider.discovery_urls()
    assert len(urls) == 3 * 3  # three lists, each read for three days
    assert "https://news.naver.com/main/list.naver?mode=LSD&mid=sec&sid1=101&date=20240802" in urls
    assert "https://news.naver.com/breakingnews/section/101/259?date=20240803" in urls
    assert "https://news.naver.com/main/list.naver?mode=LPOD&mid=sec&oid=001&date=20240801" in urls
    spider.settings = Settings({})
    assert all(u.endswith("date=") for u in spider.discovery_urls())  # no range: the latest lists
    for url in ("https://n.news.naver.com/mnews/article/001/0014823456?sid=102",
                "https://news.naver.com/main/read.naver?mode=LSD&mid=sec&sid1=101&oid=015&aid=0003745678",
                "https://m.entertain.naver.com/article/076/0003912345", "https://sports.news.naver.com/news.nhn?oid=109&aid=1"):
        assert spider.is_article(url), url
    assert not spider.is_article("https://n.news.naver.com/mnews/article/comment/001/0014823456")
    for listed in ("https://n.news.naver.com/mnews/article/001/0014823456?sid=102",
                   "https://n.news.naver.com/mnews/article/001/0014823456?sid=100&ntype=RANKING"):
        # one article linked from two sections' lists is one request and one row
        assert spider.article_request(listed).url == "https://n.news.naver.com/mnews/article/001/0014823456"
    old = "https://news.naver.com/main/read.naver?mode=LSD&mid=sec&sid1=101&oid=015&aid=0003745678"
    assert spider.article_request(old).url == old
    assert not spider.is_article("https://news.naver.com/main/list.naver?mode=LSD&sid1=101")


def test_until_before_since_and_bad_spider_arguments_are_refused(tmp_path):
    bad = run_cli("crawl", "naver", "--db", tmp_path / "x.db", "--since", "2024-08-02", "--until", "2024-08-01")
    assert bad.returncode == 2 and "before --since" in bad.stderr
    assert run_cli("crawl", "naver", "--db", tmp_path / "x.db", "--until", "soon").returncode == 2
    assert run_cli("crawl", "naver", "--db", tmp_path / "x.db", "-a", "press").returncode == 2


def test_until_skips_sitemap_entries_dated_after_it(tmp_path):
    tree = tmp_path / "tree" / "news"
    tree.mkdir(parents=True)
    page = (FIXTURES / "sites" / "daum" / "v-yonhap-foliage.html").read_bytes()
    for name, lastmod in (("early", "2024-01-10T09:00:00+09:00"), ("late", "2024-03-10T09:00:00+09:00")):
        (tree / f"{name}.html").write_bytes(page.replace(b"20231012153012345", name.encode()))
        (tree / f"{name}.json").write_text(json.dumps({"url": f"http://news.test/a/{name}", "lastmod": lastmod}))
    db = tmp_path / "x.db"
    with LocalSite(tmp_path / "tree") as local:
        base = local.hosts["news.test"].base
        done = run_cli("crawl", base + "/sitemap.xml", "--db", db, "--until", "2024-02-01", *FAST, timeout=180)
        assert done.returncode == 0, done.stderr
        with sqlite3.connect(db) as conn:
            urls = [r[0] for r in conn.execute("SELECT url FROM pages")]
        assert urls == [base + "/a/early"]
