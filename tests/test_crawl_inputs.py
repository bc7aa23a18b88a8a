"""Every fetched input is stored or reported: odd headers and charsets, and redirects the crawl
refuses (each an `errors` row with its reason). Over real HTTP to a site on 127.0.0.1."""
import pytest

from scrapers.guards import refusal
from hostsite import Site, article, index, page, redirect, urlset
from test_crawl import crawl, rows


def test_legacy_header_bytes_and_odd_charsets_neither_lose_the_page_nor_store_mojibake(tmp_path):
    routes = {
        # an EUC-KR file name, raw bytes in the header, as older Korean servers send it
        "/news/hdr-0001": page(article("Header probe"),
                               **{"Content-Disposition": b"inline; filename=\xb1\xe8\xc3\xb6\xbc\xf6.html"}),
        "/news/base64-0002": page(article("Base64 probe"), "text/html; charset=base64"),
        "/news/zlib-0003": page(article("Zlib probe"), "text/html; charset=zlib_codec"),
        "/news/utf16-0004": page(article("Sixteen probe").replace(b'<meta charset="utf-8">', b""),
                                 "text/html; charset=utf-16"),
    }
    with Site(routes) as site:
        routes["/sitemap.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")), "application/xml")
        db = tmp_path / "news.db"
        res = crawl(site.base + "/sitemap.xml", "--db", db)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    titles = {r["url"].rsplit("/", 1)[1]: r["title"] for r in rows(db, "SELECT url, title FROM articles")}
    assert titles == {"hdr-0001": "Header probe", "base64-0002": "Base64 probe", "zlib-0003": "Zlib probe",
                      "utf16-0004": "Sixteen probe"}
    assert rows(db, "SELECT * FROM errors") == []


def test_redirects_off_site_to_another_port_or_internal_address_are_error_rows(tmp_path):
    with Site({"/internal-admin": page(article("INTERNAL ADMIN PAGE"))}) as internal:
        routes = {
            "/news/to-port-0001": redirect(internal.base + "/internal-admin"),
            "/news/to-localhost-0002": redirect(internal.base.replace("127.0.0.1", "localhost") + "/internal-admin"),
            "/news/to-other-0003": redirect("http://elsewhere.invalid/news/x"),
            "/news/same-site-0004": redirect("/moved/0004"),
            "/moved/0004": page(article("Moved article")),
            "/news/normal-0005": page(article("Normal article")),
        }
        with Site(routes) as site:
            routes["/sitemap.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")), "application/xml")
            db = tmp_path / "news.db"
            res = crawl(site.base + "/sitemap.xml", "--db", db)
        assert internal.hits("/internal-admin") == 0
    assert res.returncode == 0, res.stderr
    assert sorted(r["url"].rsplit("/", 1)[1] for r in rows(db, "SELECT url FROM pages")) == ["normal-0005", "same-site-0004"]
    assert sorted(r["title"] for r in rows(db, "SELECT title FROM articles")) == ["Moved article", "Normal article"]
    reasons = {r["url"].rsplit("/", 1)[1]: r["reason"] for r in rows(db, "SELECT source AS url, reason FROM errors")}
    assert reasons == {
        "to-port-0001": f"redirected to another port ({internal.base[7:]}), not followed",
        "to-localhost-0002": "redirected off site to localhost, not followed",
        "to-other-0003": "redirected off site to elsewhere.invalid, not followed",
    }


def test_a_meta_refresh_to_an_internal_port_and_an_ftp_sitemap_are_error_rows(tmp_path):
    with Site({"/internal-admin": page(article("INTERNAL ADMIN PAGE"))}) as internal:
        refresh = f'<html><head><meta http-equiv="refresh" content="0; url={internal.base}/internal-admin"></head></html>'
        routes = {"/news/refresh-0001": page(refresh.encode()),
                  "/news/normal-0002": page(article("Normal article"))}
        with Site(routes) as site:
            routes["/sitemap.xml"] = page(index([f"ftp://127.0.0.1:{internal.server.server_address[1]}/x.xml",
                                                 site.base + "/news.xml"]), "application/xml")
            routes["/news.xml"] = page(urlset(site.base + p for p in list(routes) if p.startswith("/news/")),
                                       "application/xml")
            db = tmp_path / "news.db"
            res = crawl(site.base + "/sitemap.xml", "--db", db)
        assert internal.log == [], (internal.log, res.stderr, rows(db, "SELECT * FROM errors"))
    assert res.returncode == 0, res.stderr
    assert [r["title"] for r in rows(db, "SELECT title FROM articles")] == ["Normal article"]
    reasons = {r["url"].rsplit("/", 1)[1]: r["reason"] for r in rows(db, "SELECT source AS url, reason FROM errors")}
    assert reasons == {
        "refresh-0001": f"redirected to another port ({internal.base[7:]}), not followed",
        "sitemap.xml": f"names a document that is not http(s): ftp://{internal.base[7:]}/x.xml",
    }


class Spider:
    def __init__(self, *domains):
        self.allowed_domains = list(domains)


@pytest.mark.parametrize("source, target, refused", [
    ("https://news.example/a", "https://www.news.example/b", None),
    ("http://news.example/a", "https://news.example/a", None),          # http to https keeps the site
    ("https://news.example/a", "https://news.example:8443/a", "another port"),
    ("https://news.example/a", "http://10.0.0.5/admin", "internal address"),
    ("https://news.example/a", "http://169.254.169.254/latest/meta-data", "internal address"),
    ("https://news.example/a", "http://[::1]:8080/", "internal address"),
    ("https://news.example/a", "http://localhost/", "internal address"),
    ("https://news.example/a", "https://tracker.example/a", "off site"),
    ("https://news.example/a", "ftp://news.example/a", None),            # Scrapy refuses the scheme itself
])
def test_which_redirects_a_public_site_refuses(source, target, refused):
    reason = refusal(Spider("news.example", "www.news.example"), source, target)
    assert (reason is None) if refused is None else (refused in reason)
