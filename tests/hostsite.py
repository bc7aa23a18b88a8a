"""A small web site on 127.0.0.1 whose every path is a Python function, for crawl tests that
need a server to misbehave in one precise way (odd headers, redirects, huge documents, slow
answers). It runs in the test's own process, on a free port, and logs each request path."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

PARA = ("<p>The council met on Tuesday to discuss the new budget for the town, which includes money "
        "for roads, schools and the library, and a long debate followed about repairs {n}.</p>")


def article(title: str = "A normal article about the town budget", n: int = 8) -> bytes:
    paras = "\n".join(PARA.format(n=i) for i in range(n))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><article><h1>{title}</h1>{paras}</article></body></html>").encode()


def urlset(urls) -> bytes:
    rows = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{rows}</urlset>\n").encode()


def index(urls) -> bytes:
    rows = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{rows}</sitemapindex>").encode()


# A route returns (status, headers, body); headers values may be bytes (sent as they are).
Route = Callable[[str], tuple]


class Site:
    def __init__(self, routes: dict[str, Route] | None = None, robots: bytes | None = None):
        self.routes = routes if routes is not None else {}  # the caller may add routes once the port is known
        self.log: list[str] = []
        site = self
        if "/robots.txt" not in self.routes:
            self.routes["/robots.txt"] = lambda q: (200, {"Content-Type": "text/plain"},
                                                    robots if robots is not None else b"User-agent: *\nAllow: /\n")

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                path, _, query = self.path.partition("?")
                site.log.append(self.path)
                route = site.routes.get(path)
                status, headers, body = route(query) if route else (404, {}, b"no")
                try:
                    self.send_response(status)
                    headers = {"Content-Type": "text/html; charset=utf-8", **headers, "Content-Length": str(len(body))}
                    for k, v in headers.items():
                        if isinstance(v, bytes):  # raw bytes, as a legacy server sends them
                            self._headers_buffer.append(k.encode() + b": " + v + b"\r\n")
                        else:
                            self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Site":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hits(self, prefix: str) -> int:
        return sum(1 for p in self.log if p.startswith(prefix))


def page(body: bytes, ctype: str = "text/html; charset=utf-8", **headers) -> Route:
    return lambda q: (200, {"Content-Type": ctype, **headers}, body)


def redirect(location: str) -> Route:
    return lambda q: (302, {"Location": location}, b"")


def slow(seconds: float, body: bytes) -> Route:
    def route(q):
        time.sleep(seconds)
        return 200, {}, body
    return route
