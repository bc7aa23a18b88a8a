"""Requests in the shared queue as data, never as pickles (scrapy-redis SCHEDULER_SERIALIZER).

scrapy-redis keeps queued requests pickled by default, so whoever can write to Redis runs
code on every worker. Here `dumps` gets the dict of `Request.to_dict(spider=...)` (callback
and errback by the NAME of a spider method) and writes it as JSON: the body and header bytes
as text (base64; header bytes kept exact), meta and cb_kwargs as they are, which must be
JSON. `loads` reads nothing but JSON, checks each field's type and that the request class is
one of Scrapy's own, and scrapy-redis's `request_from_dict` resolves the callback on the
spider. An entry that is not such JSON (a pickle, say) is refused by `SiteQueue` with one
warning line and moved to the dead-letter list (`declutter:dead`).
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import time

from scrapy_redis.queue import PriorityQueue

from . import redis_queue as rq

log = logging.getLogger(__name__)

FORMAT = 1
CLASSES = ("scrapy.http.request.Request", "scrapy.http.request.form.FormRequest",
           "scrapy.http.request.json_request.JsonRequest", "scrapy.http.request.rpc.XmlRpcRequest")


class RefusedRequest(ValueError):
    """A queued entry that is not a request as data."""


def _text(raw: bytes | str) -> str:
    return raw if isinstance(raw, str) else raw.decode("utf-8", "surrogateescape")


def _bytes(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def dumps(request: dict) -> bytes:
    d = dict(request)
    d["body"] = base64.b64encode(d.get("body") or b"").decode("ascii")
    d["headers"] = {_text(k): [_text(v) for v in (vs if isinstance(vs, list) else [vs])]
                    for k, vs in (d.get("headers") or {}).items()}
    try:
        return json.dumps({"declutter_request": FORMAT, **d}, separators=(",", ":")).encode("ascii")
    except TypeError as exc:   # a callback that is not a spider method, meta that is not data
        raise TypeError(f"{d.get('url')}: a request for the shared queue must be JSON data ({exc})") from None


def _need(d: dict, name: str, types: tuple, default=None):
    value = d.get(name, default)
    if not isinstance(value, types):
        raise RefusedRequest(f"{name}: {type(value).__name__}")
    return value


def loads(data: bytes) -> dict:
    if not data[:1] == b"{":
        raise RefusedRequest("not JSON" + (" (a pickle)" if data[:1] == b"\x80" else ""))
    try:
        d = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RefusedRequest(f"not JSON ({exc})") from None
    if not isinstance(d, dict) or d.pop("declutter_request", None) != FORMAT:
        raise RefusedRequest("not a declutter request")
    _need(d, "url", (str,))
    for name in ("callback", "errback"):
        name_ = _need(d, name, (str, type(None)))
        if name_ is not None and name_.startswith("_"):
            raise RefusedRequest(f"{name} {name_!r} is private")
    if "_class" in d and d["_class"] not in CLASSES:
        raise RefusedRequest(f"request class {str(d['_class'])[:80]!r} is not one of Scrapy's")
    for name in ("meta", "cb_kwargs"):
        _need(d, name, (dict, type(None)))
    for name in ("method", "encoding"):
        _need(d, name, (str,), "GET")
    _need(d, "priority", (int,), 0)
    _need(d, "flags", (list, type(None)))
    try:
        d["body"] = base64.b64decode(_need(d, "body", (str,), ""), validate=True)
    except ValueError:
        raise RefusedRequest("body: not base64") from None
    headers = _need(d, "headers", (dict,), {})
    if not all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in headers.values()):
        raise RefusedRequest("headers: not lists of text")
    d["headers"] = {_bytes(k): [_bytes(x) for x in v] for k, v in headers.items()}
    return d


class SiteQueue(PriorityQueue):
    """scrapy-redis's priority queue, refusing (and dead-lettering) an entry that is not a
    request as data instead of failing the crawl, and giving nothing, with one line, while
    Redis cannot be reached (restarted, say) instead of a traceback at every try."""

    unreachable = False

    def pop(self, timeout=0):
        import redis

        try:
            request = super().pop(timeout)
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            if not self.unreachable:
                log.warning("Redis unreachable while taking a request from %s (%s); trying again", self.key, exc)
            self.unreachable = True
            return None
        self.unreachable = False
        return request

    def _decode_request(self, encoded_request):
        try:
            return super()._decode_request(encoded_request)
        except (ValueError, TypeError, KeyError) as exc:   # RefusedRequest, or a field Scrapy refuses
            reason = f"refused a queued request in {self.key}: {exc}"
            log.warning("%s", reason)
            why = {"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "type": "request",
                   "reason": reason, "bytes": len(encoded_request),
                   "digest": hashlib.sha1(encoded_request).hexdigest()}
            try:
                pipe = self.server.pipeline()
                pipe.lpush(rq.DEAD, encoded_request)
                pipe.lpush(rq.DEAD_WHY, json.dumps(why))
                pipe.execute()
            except Exception as err:  # noqa: BLE001 the entry is refused either way
                log.warning("could not dead-letter the refused request: %s", err)
            crawler = getattr(self.spider, "crawler", None)
            if crawler is not None:
                crawler.stats.inc_value("declutter/requests_refused")
            return None
