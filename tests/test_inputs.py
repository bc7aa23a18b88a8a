"""Where pages come from: folders, globs, WARC records, stdin, and the URL a saved page names."""
import gzip
import io

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaners.model import Page
from declutter.inputs import InputError, Skipped, page_url, pages

STORY = ("<p>The council approved the new budget on Monday after a long debate about schools, "
         "roads and the harbour, which several members called overdue.</p>" * 6)


def html_page(title: str, extra_head: str = "") -> bytes:
    return (f"<html><head><title>{title}</title>{extra_head}</head><body><article><h1>{title}</h1>"
            f"{STORY}</article></body></html>").encode()


def write_warc(path, pages_, gz=True, extras=True):
    """A WARC like a crawler writes: per page a request, an HTML response and an image."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for url, body in pages_:
            if extras:
                req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
            head = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=head,
                                                          warc_headers_dict={"WARC-Date": "2024-03-05T06:07:08Z"}))
            if extras:
                img = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url + ".png", "response",
                                                              payload=io.BytesIO(b"\x89PNG" + bytes(64)), http_headers=img))
    return path


def kinds(items):
    return [type(x).__name__ for x in items]


def test_warc_yields_html_responses_with_url_and_date_and_skips_the_rest(tmp_path):
    for gz in (True, False):
        path = write_warc(tmp_path / ("a.warc.gz" if gz else "a.warc"),
                          [("https://example.com/a/1", html_page("One")), ("https://example.com/a/2", html_page("Two"))], gz=gz)
        items = list(pages([path]))
        found = [x for x in items if isinstance(x, Page)]
        assert [p.url for p in found] == ["https://example.com/a/1", "https://example.com/a/2"]
        assert found[0].fetched.isoformat() == "2024-03-05T06:07:08+00:00"
        assert found[0].status == 200 and b"<h1>One</h1>" in found[0].body
        assert found[0].source.startswith(str(path) + "@")
        skipped = [x for x in items if isinstance(x, Skipped)]
        assert len(skipped) == 4 and {s.reason for s in skipped} == {"request record", "not HTML (image/png)"}


def test_warc_is_recognised_by_content_whatever_its_name(tmp_path):
    path = write_warc(tmp_path / "crawl.bin", [("https://example.com/x", html_page("X"))])
    assert [p.url for p in pages([path]) if isinstance(p, Page)] == ["https://example.com/x"]


def test_folder_walk_takes_known_suffixes_in_a_stable_order_and_glob_narrows_it(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.html").write_bytes(html_page("2"))
    (tmp_path / "1.txt").write_text("title\nbody line", encoding="utf-8")
    (tmp_path / "3.html.gz").write_bytes(gzip.compress(html_page("3")))
    (tmp_path / "notes.md").write_text("not a page", encoding="utf-8")
    write_warc(tmp_path / "b" / "c.warc.gz", [("https://example.com/w", html_page("W"))], extras=False)
    sources = [p.source for p in pages([tmp_path])]
    names = [s.replace(str(tmp_path) + "/", "") for s in sources]
    assert names[:3] == ["1.txt", "3.html.gz", "b/2.html"] and names[3].startswith("b/c.warc.gz@")
    assert len(names) == 4
    only_html = [p.source for p in pages([tmp_path], globs=["*.html"])]
    assert only_html == [str(tmp_path / "b" / "2.html")]
    by_path = [p.source for p in pages([tmp_path], globs=["b/*"])]
    assert len(by_path) == 2


def test_saved_page_url_comes_from_option_else_canonical_else_og_url(tmp_path):
    canon = tmp_path / "canon.html"
    canon.write_bytes(html_page("C", '<meta property="og:url" content="https://example.com/og">'
                                     '<link href="https://example.com/canon?a=1&amp;b=2" rel="canonical">'))
    og = tmp_path / "og.html"
    og.write_bytes(html_page("O", "<meta content='https://example.com/og' property='og:url'>"))
    plain = tmp_path / "plain.html"
    plain.write_bytes(html_page("P"))
    got = {p.source.rsplit("/", 1)[1]: p.url for p in pages([canon, og, plain])}
    assert got == {"canon.html": "https://example.com/canon?a=1&b=2", "og.html": "https://example.com/og",
                   "plain.html": None}
    assert [p.url for p in pages([canon], url="https://given.example/1")] == ["https://given.example/1"]


def test_page_url_ignores_relative_links_without_a_base_and_resolves_them_with_one():
    body = b'<link rel="canonical" href="/news/1">'
    assert page_url(body) is None
    assert page_url(body, base="https://example.com/x") == "https://example.com/news/1"


def test_stdin_takes_a_page_or_a_warc(tmp_path):
    got = list(pages(["-"], url="https://example.com/s", stdin=io.BytesIO(html_page("S"))))
    assert kinds(got) == ["Page"] and got[0].source == "<stdin>" and got[0].url == "https://example.com/s"
    warc = write_warc(tmp_path / "in.warc.gz", [("https://example.com/w1", html_page("W1"))]).read_bytes()
    got = [p for p in pages(["-"], stdin=io.BufferedReader(io.BytesIO(warc))) if isinstance(p, Page)]
    assert [p.url for p in got] == ["https://example.com/w1"]


def test_a_file_that_vanishes_after_listing_is_an_error_and_the_rest_still_come(tmp_path):
    for name in ("a.html", "b.html", "c.html"):
        (tmp_path / name).write_bytes(html_page(name))
    stream = pages([tmp_path])
    first = next(stream)
    (tmp_path / "b.html").unlink()
    rest = list(stream)
    assert first.source.endswith("a.html")
    assert isinstance(rest[0], InputError) and rest[0].source.endswith("b.html") and "no such file" in rest[0].reason
    assert isinstance(rest[1], Page) and rest[1].source.endswith("c.html")


def test_warc_redirects_and_error_pages_are_skipped_not_cleaned(tmp_path):
    path = tmp_path / "status.warc.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for status, url in (("301 Moved Permanently", "https://example.com/old"), ("404 Not Found", "https://example.com/gone"),
                            ("200 OK", "https://example.com/new")):
            head = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html_page(status)),
                                                          http_headers=head))
    items = list(pages([path]))
    assert kinds(items) == ["Skipped", "Skipped", "Page"]
    assert [s.reason for s in items[:2]] == ["HTTP status 301", "HTTP status 404"]


def pipe_of(data: bytes):
    """A real pipe carrying `data`, as stdin is when a file is piped in (it cannot seek)."""
    import os
    import threading

    read, write = os.pipe()

    def feed():
        with open(write, "wb") as f:
            f.write(data)

    threading.Thread(target=feed, daemon=True).start()
    return open(read, "rb")


def test_warc_gzipped_as_a_whole_is_read_from_a_file_and_from_a_pipe(tmp_path):
    plain = write_warc(tmp_path / "a.warc", [(f"https://example.com/g/{i}", html_page(f"G{i}")) for i in range(3)], gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))  # `gzip crawl.warc`, not record by record
    want = [f"https://example.com/g/{i}" for i in range(3)]
    assert [p.url for p in pages([whole]) if isinstance(p, Page)] == want
    assert [p.url for p in pages(["-"], stdin=pipe_of(whole.read_bytes())) if isinstance(p, Page)] == want


def test_truncated_gzip_warc_from_a_pipe_keeps_the_records_before_the_cut(tmp_path):
    data = write_warc(tmp_path / "a.warc.gz", [(f"https://example.com/t/{i}", html_page(f"T{i}")) for i in range(3)],
                      extras=False).read_bytes()
    items = list(pages(["-"], stdin=pipe_of(data[:-100])))
    assert kinds(items) == ["Page", "Page", "InputError"]
    assert items[-1].source.startswith("<stdin>@") and "truncated" in items[-1].reason


def test_a_gzip_bomb_inside_a_warc_record_is_refused_and_the_next_record_still_read(tmp_path):
    import zlib

    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    payload = bomb.compress(b"<html>") + b"".join(bomb.compress(bytes(1 << 20)) for _ in range(64)) + bomb.flush()
    path = tmp_path / "bomb.warc.gz"
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        head = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.com/bomb", "response",
                                                      payload=io.BytesIO(payload), http_headers=head))
        head = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.com/fine", "response",
                                                      payload=io.BytesIO(html_page("Fine")), http_headers=head))
    assert len(payload) < 200_000  # 64 MB of page in a small record
    items = list(pages([path]))
    assert kinds(items) == ["InputError", "Page"]
    assert "larger than" in items[0].reason and items[1].url == "https://example.com/fine"
