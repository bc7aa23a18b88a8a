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

Every field is checked (`decode`) before a message touches the store: a message that cannot
be stored because of what it holds raises `Poison`, and the writer moves it to the
dead-letter list `declutter:dead` with its reason (`declutter:dead:why`) instead of stopping.
The page tail is inflated with a bound, as fetched pages are.

With a shared key (DECLUTTER_SHARED_KEY, the same on the workers and the writer) each
message a worker sends is signed: a first line `#hmac-sha256:HEX` over the rest. The writer
then refuses (dead-letters) a result that is unsigned or signed with another key; only the
`begin` and `end` messages of a run, which the Lua scripts of scrapers.distributed push, go
unsigned.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import zlib
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from cleaners.decode import MAX_BYTES
from cleaners.model import Article, Page
from storage import korean

PREFIX = "declutter"
RESULTS = f"{PREFIX}:results"          # list: workers LPUSH, the writer BLMOVEs from the right
PROCESSING = f"{PREFIX}:processing"    # list: the result the writer has in hand
STORED = f"{PREFIX}:stored"            # set: canonical URLs of stored pages and articles
STORED_READY = f"{PREFIX}:stored:ready"  # string: set once the writer has filled STORED
VALIDATORS = f"{PREFIX}:validators"    # hash: canonical URL -> JSON of etag/last_modified/lastmod
WRITER = f"{PREFIX}:writer"            # string with a TTL: the one writer's lease
DEAD = f"{PREFIX}:dead"                # list: messages that cannot be stored, as they came
DEAD_WHY = f"{PREFIX}:dead:why"        # list: JSON of each dead message's reason, newest first
STOPS = f"{PREFIX}:processing:stops"   # hash: digest -> times a writer stopped with it in hand

MAX_BODY = MAX_BYTES      # a page's inflated body (the workers fetch at most 16 MiB)
MAX_HEADER = MAX_BYTES    # a message's JSON header (the articles' text)


class Poison(ValueError):
    """A message that cannot be stored because of what it holds: dead-lettered, never retried."""


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
        raise ValueError(f"{redact(url)}: not a Redis URL ({redact(str(exc))})") from None


URL_VARIABLE = "DECLUTTER_REDIS_URL"
KEY_VARIABLE = "DECLUTTER_SHARED_KEY"
SIGNATURE = b"#hmac-sha256:"
UNSIGNED = frozenset({"begin", "end"})   # pushed by Lua scripts, which cannot sign


def shared_key() -> bytes | None:
    """The key results are signed with (DECLUTTER_SHARED_KEY), or None."""
    return os.environ.get(KEY_VARIABLE, "").encode() or None


def _mac(key: bytes, message: bytes, context: bytes) -> bytes:
    return hmac.new(key, context + message, hashlib.sha256).hexdigest().encode()


def sign(message: bytes, key: bytes | None, context: bytes = b"") -> bytes:
    """`message` with its signature line; `context` (a URL, say) is signed with it, unsent."""
    if not key:
        return message
    return SIGNATURE + _mac(key, message, context) + b"\n" + message


def _unsign(raw: bytes, key: bytes | None, context: bytes = b"") -> tuple[bytes, bool]:
    if not raw.startswith(SIGNATURE):
        return raw, False
    line, _, raw = raw.partition(b"\n")
    if key and not hmac.compare_digest(line[len(SIGNATURE):], _mac(key, raw, context)):
        raise Poison("its signature does not match the shared key")
    return raw, True


def pending_validators(url: str, raw: bytes, key: bytes | None = None) -> dict:
    """A worker's discovery validators for `url`, kept in Redis until its run ends (signed
    with the URL as context), checked as a call of set_validators would be; raises Poison."""
    raw, signed = _unsign(raw, key, url.encode())
    if key and not signed:
        raise Poison("unsigned validators (the writer has a shared key)")
    try:
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Poison("validators: not JSON") from None
    _need(values, (dict,), "validators")
    check({"type": "call", "method": "set_validators", "args": [url], "kwargs": values})
    return values


def url_from(given: str | None) -> str:
    """The Redis URL of `--redis URL`, or of a bare `--redis` (given ""): the environment's
    DECLUTTER_REDIS_URL, which keeps a password off the command line and the process list."""
    if given:
        return given
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        raise ValueError(f"--redis without a URL reads it from {URL_VARIABLE}, which is not set")
    return url


def redact(text: str) -> str:
    """`text` (a Redis URL, or a line holding one) with any password replaced by ***."""
    import re

    def one(match: "re.Match") -> str:
        url = match.group(0)
        try:
            parts = urlsplit(url)
            netloc = parts.netloc
            if parts.password is not None:
                netloc = netloc.replace(f":{parts.password}@", ":***@", 1)
            query = re.sub(r"(?i)\b(password=)[^&]*", r"\1***", parts.query)
            return urlunsplit(parts._replace(netloc=netloc, query=query))
        except ValueError:
            return re.sub(r"//[^@/]*@", "//***@", url)
    return re.sub(r"\b(?:rediss?|unix)://\S+", one, text)


def encode(header: dict, tail: bytes = b"") -> bytes:
    return json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" + tail


def decode(raw: bytes, key: bytes | None = None) -> tuple[dict, bytes]:
    """The header and tail of a message, every field (and with `key`, its signature)
    checked; raises Poison."""
    raw, signed = _unsign(raw, key)
    head, _, tail = raw.partition(b"\n")
    if len(head) > MAX_HEADER:
        raise Poison(f"header of {len(head):,} bytes (limit {MAX_HEADER:,})")
    try:
        header = json.loads(head)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Poison(f"not a declutter result message ({exc})") from None
    if not isinstance(header, dict) or "type" not in header:
        raise Poison("not a declutter result message")
    check(header)
    if key and not signed and header["type"] not in UNSIGNED:
        raise Poison(f"an unsigned {header['type']} message (the writer has a shared key)")
    return header, tail


# -- what each message holds ------------------------------------------------------------------
STR, OPT = (str,), (str, type(None))
INT, OPT_INT = (int,), (int, type(None))
MAX_KEY = 2048   # run tokens, ids, sites, kinds, stages


def _need(value, types, where: str, limit: int | None = None):
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        names = "/".join("null" if t is type(None) else t.__name__ for t in types)
        raise Poison(f"{where}: {type(value).__name__} where {names} belongs")
    if limit is not None and isinstance(value, str) and len(value) > limit:
        raise Poison(f"{where}: {len(value):,} characters (limit {limit:,})")
    return value


def _fields(obj, spec: dict, where: str, required=()) -> None:
    _need(obj, (dict,), where)
    for name in required:
        if name not in obj:
            raise Poison(f"{where}: no {name!r}")
    for name, types in spec.items():
        if name in obj:
            _need(obj[name], types, f"{where}.{name}")


def _strings(value, where: str, *, allow_none=True) -> None:
    if value is None and allow_none:
        return
    _need(value, (list,), where)
    for i, item in enumerate(value):
        _need(item, STR, f"{where}[{i}]")


def _counts(value, where: str) -> None:
    if value is None:
        return
    _need(value, (dict,), where)
    for name, n in value.items():
        _need(n, INT, f"{where}.{name}")
        if abs(n) > 2**53:
            raise Poison(f"{where}.{name}: {n} is out of range")


def _time(value, where: str) -> None:
    if value is not None:
        try:
            datetime.fromisoformat(_need(value, STR, where, 64))
        except ValueError:
            raise Poison(f"{where}: {value[:64]!r} is not an ISO time") from None


def _url(value, where: str) -> None:
    if not _need(value, STR, where, 64 * 1024).strip():
        raise Poison(f"{where}: empty")


ARTICLE_TEXT = ("url", "site", "publisher", "original_url", "title", "section", "lang", "source", "cleaner")
ARTICLE_LISTS = ("subtitle", "authors", "captions", "summary")

# call messages: the Store methods a worker may have the writer run, and their arguments
CALLS = {"record_error": {"source": STR, "stage": STR, "reason": STR, "run_id": OPT},
         "set_validators": {"url": STR, "etag": OPT, "last_modified": OPT, "lastmod": OPT}}


def check(header: dict) -> None:
    """Raise Poison unless every field the writer reads has its type and a sane size."""
    kind = header["type"]
    _need(header.get("run"), OPT, "run", MAX_KEY)
    _need(header.get("id"), OPT, "id", MAX_KEY)
    if kind == "page":
        _fields(header, {"page": (dict,), "articles": (list,), "health": (dict, type(None))}, "page message",
                required=("page",))
        page = header["page"]
        _fields(page, {"final_url": OPT, "source": OPT, "status": OPT_INT}, "page")
        _url(page.get("url"), "page.url")
        if page.get("final_url") is not None:
            _url(page["final_url"], "page.final_url")
        _time(page.get("fetched"), "page.fetched")
        headers = page.get("headers")
        if headers is not None:
            _need(headers, (dict,), "page.headers")
            for name, value in headers.items():
                _need(value, STR, f"page.headers.{name[:40]}")
        for i, article in enumerate(header.get("articles") or []):
            where = f"articles[{i}]"
            _need(article, (dict,), where)
            for name in ARTICLE_TEXT:
                _need(article.get(name), OPT, f"{where}.{name}")
            _need(article.get("body", ""), STR, f"{where}.body")
            for name in ARTICLE_LISTS:
                _strings(article.get(name), f"{where}.{name}")
            for name in ("published", "modified"):
                _time(article.get(name), f"{where}.{name}")
        if health := header.get("health"):
            _fields(health, {"site": STR, "id": STR}, "health", required=("site", "id"))
            _counts(health.get("rules"), "health.rules")
    elif kind == "source":
        _fields(header, {"id": STR, "site": STR, "url": STR, "kind": STR}, "source message",
                required=("id", "site", "url", "kind"))
        _counts(header.get("counts") or {}, "counts")
    elif kind == "error":
        _fields(header, {"source": STR, "stage": STR, "reason": STR}, "error message",
                required=("source", "stage", "reason"))
        _need(header["reason"], STR, "reason", 64 * 1024)
    elif kind == "validators":
        _url(header.get("url"), "url")
        _need(header.get("lastmod"), OPT, "lastmod", 64)
    elif kind == "call":
        method = _need(header.get("method"), STR, "method", MAX_KEY)
        if method not in CALLS:
            raise Poison(f"a call of store method {method!r}, which workers do not call")
        args, kwargs = header.get("args") or [], header.get("kwargs") or {}
        _need(args, (list,), "args")
        _need(kwargs, (dict,), "kwargs")
        spec = CALLS[method]
        names = list(spec)
        bound = dict(zip(names, args))
        if len(args) > len(names) or set(kwargs) - set(spec) or set(bound) & set(kwargs):
            raise Poison(f"{method}: arguments {len(args)} and {sorted(kwargs)} do not fit {names}")
        bound.update(kwargs)
        for name, types in spec.items():
            if name in bound:
                _need(bound[name], types, f"{method}.{name}", 64 * 1024)
            elif types is STR:
                raise Poison(f"{method}: no {name!r}")
    elif kind == "begin":
        _need(header.get("run"), STR, "run")
        _need(header.get("args", ""), STR, "args", 64 * 1024)
    elif kind == "end":
        _need(header.get("run"), STR, "run")
        _fields(header, {"worker": OPT, "reason": OPT, "site": OPT, "last": (bool, type(None)),
                         "lost": OPT_INT}, "end message")
        _counts(header.get("counts"), "counts")
    else:
        raise Poison(f"unknown message type {str(kind)[:40]!r}")


def page_message(run: str | None, page: Page, articles: list[Article], health: dict | None = None) -> bytes:
    """`health`: the page's site and rule counts for site health ({"site", "rules"}); it gets
    an id, so a message stored twice (a writer killed in between) is counted once."""
    header = {"type": "page", "run": run, "id": message_id(), "articles": [a.to_dict() for a in articles],
              "page": {"url": page.url, "final_url": page.final_url, "status": page.status,
                       "fetched": page.fetched.isoformat() if page.fetched else None,
                       "headers": page.headers, "source": page.source},
              "terms": [korean.index_terms(a) for a in articles]}  # analysed by the worker, not the writer
    if health is not None:
        header["health"] = {**health, "id": header["id"]}
    return encode(header, zlib.compress(page.body, 1))


def message_id() -> str:
    import uuid
    return uuid.uuid4().hex


def inflate(tail: bytes, limit: int = MAX_BODY) -> bytes:
    """A page's body from its zlib tail, refused (Poison) past `limit` bytes: a small tail
    may inflate to gigabytes."""
    inflater = zlib.decompressobj()
    try:
        body = inflater.decompress(tail, limit)
    except zlib.error as exc:
        raise Poison(f"page body: not zlib ({exc})") from None
    if inflater.unconsumed_tail:
        raise Poison(f"page body inflates past {limit:,} bytes ({len(tail):,} compressed)")
    if not inflater.eof:
        raise Poison("page body: truncated zlib stream")
    return body


def page_from(header: dict, tail: bytes) -> tuple[Page, list[Article]]:
    p = header["page"]
    page = Page(url=p["url"], body=inflate(tail), final_url=p.get("final_url"),
                fetched=datetime.fromisoformat(p["fetched"]) if p.get("fetched") else None,
                status=p.get("status"), headers=p.get("headers") or {}, source=p.get("source"))
    articles = [Article.from_dict(a) for a in header.get("articles", [])]
    for article, terms in zip(articles, header.get("terms") or ()):
        korean.attach(article, *terms)
    return page, articles


__all__ = ["CALLS", "DEAD", "DEAD_WHY", "PROCESSING", "Poison", "RESULTS", "STOPS", "STORED", "STORED_READY",
           "VALIDATORS", "WRITER", "check", "connect", "decode", "encode", "inflate", "page_from", "page_message",
           "redact", "pending_validators", "run_key", "shared_key", "sign", "site_key", "url_from"]
