"""What workers and the writer share in Redis: the key names and the result messages.

Workers push results onto one list (`declutter:results`); the single writer moves each onto
`declutter:processing` (BLMOVE), stores it, and only then removes it: a writer killed
between the two finds the result again at its next start (the reliable-queue pattern).

A message is a JSON header, a newline, and an optional binary tail (a page's raw bytes,
zlib-compressed), so a page needs no base64 and stays small while it waits in Redis:

    {"type": "page", "run": TOKEN, "page": {...}, "articles": [...], "health": {...}}\\n<zlib(body)>
    {"type": "source", "run": TOKEN, "id": ID, "site": SITE, "url": URL, "kind": "sitemap", "counts": {...}}
    {"type": "error", "run": TOKEN, "source": URL, "stage": "fetch", "reason": "HTTP 404"}
    {"type": "validators", "url": URL, "lastmod": "2024-01-01"}
    {"type": "call", "run": TOKEN, "method": NAME, "args": [...], "kwargs": {...}}
    {"type": "begin" | "end", "run": TOKEN, ...}          (see scrapers.distributed)
"""
from __future__ import annotations

import json
import zlib
from datetime import datetime

from cleaners.model import Article, Page
from storage import korean

PREFIX = "declutter"
RESULTS = f"{PREFIX}:results"          # list: workers LPUSH, the writer BLMOVEs from the right
PROCESSING = f"{PREFIX}:processing"    # list: the result the writer has in hand
STORED = f"{PREFIX}:stored"            # set: canonical URLs of stored pages and articles
STORED_READY = f"{PREFIX}:stored:ready"  # string: set once the writer has filled STORED
VALIDATORS = f"{PREFIX}:validators"    # hash: canonical URL -> JSON of etag/last_modified/lastmod
WRITER = f"{PREFIX}:writer"            # string with a TTL: the one writer's lease


def site_key(site: str, what: str) -> str:
    """Keys of one site's crawl: requests (the shared queue), dupefilter, run, members."""
    return f"{PREFIX}:site:{site}:{what}"


def run_key(token: str, what: str = "") -> str:
    """Keys of one distributed run: its counts (writer side), pending validators, the site
    health figures of its pages and sources, and the verdict (`health`)."""
    return f"{PREFIX}:run:{token}" + (f":{what}" if what else "")


def connect(url: str):
    """A Redis client for `url` (redis://host:port/db); raises ValueError for a bad URL."""
    import redis

    try:
        return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10,
                                    health_check_interval=30)
    except ValueError as exc:
        raise ValueError(f"{url}: not a Redis URL ({exc})") from None


def encode(header: dict, tail: bytes = b"") -> bytes:
    return json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" + tail


def decode(raw: bytes) -> tuple[dict, bytes]:
    head, _, tail = raw.partition(b"\n")
    header = json.loads(head)
    if not isinstance(header, dict) or "type" not in header:
        raise ValueError("not a declutter result message")
    return header, tail


def page_message(run: str | None, page: Page, articles: list[Article], health: dict | None = None) -> bytes:
    """`health`: the page's site and rule counts for site health ({"site", "rules"}); it gets
    an id, so a message stored twice (a writer killed in between) is counted once."""
    header = {"type": "page", "run": run, "articles": [a.to_dict() for a in articles],
              "page": {"url": page.url, "final_url": page.final_url, "status": page.status,
                       "fetched": page.fetched.isoformat() if page.fetched else None,
                       "headers": page.headers, "source": page.source},
              "terms": [korean.index_terms(a) for a in articles]}  # analysed by the worker, not the writer
    if health is not None:
        header["health"] = {**health, "id": message_id()}
    return encode(header, zlib.compress(page.body, 1))


def message_id() -> str:
    import uuid
    return uuid.uuid4().hex


def page_from(header: dict, tail: bytes) -> tuple[Page, list[Article]]:
    p = header["page"]
    page = Page(url=p["url"], body=zlib.decompress(tail), final_url=p["final_url"],
                fetched=datetime.fromisoformat(p["fetched"]) if p.get("fetched") else None,
                status=p.get("status"), headers=p.get("headers") or {}, source=p.get("source"))
    articles = [Article.from_dict(a) for a in header.get("articles", [])]
    for article, terms in zip(articles, header.get("terms") or ()):
        korean.attach(article, *terms)
    return page, articles


__all__ = ["PROCESSING", "RESULTS", "STORED", "STORED_READY", "VALIDATORS", "WRITER", "connect",
           "decode", "encode", "page_from", "page_message", "run_key", "site_key"]
