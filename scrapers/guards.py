"""Downloader middlewares that keep hostile or odd responses from being lost or followed.

- RedirectGuard: a redirect (HTTP, or a meta refresh) that leaves the site, changes its
  port, or points at a loopback, private or link-local address is refused and becomes an
  `errors` row with the reason.
  Scrapy would follow a redirect to another port of the site's host (an internal service),
  follow any redirect of a start document (dont_filter skips its off-site check), and drop
  an article redirected off site with no trace. A crawl whose own site is on such an address
  (a local copy: the tests, `crawl --sample`) may stay there, on its own ports.
- TextCodecGuard: a Content-Type naming a charset Python cannot read as text (`base64`,
  `zlib_codec`, an unknown name) is dropped from the response, so Scrapy's text decoding
  does not fail on it; the cleaners then judge the bytes themselves (cleaners.decode).

Only literal addresses and `localhost` are judged: a host name is not resolved here.
"""
from __future__ import annotations

import codecs
import ipaddress
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import IgnoreRequest
from w3lib.encoding import http_content_type_encoding, resolve_encoding

REDIRECTS = (301, 302, 303, 307, 308)
DEFAULT_PORTS = {"http": 80, "https": 443}


class RefusedRedirect(IgnoreRequest):
    """A redirect the crawl will not follow; the message is the errors row's reason."""


def is_internal(host: str | None) -> bool:
    """A loopback, private, link-local (or otherwise not global) literal address, or localhost."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local or not address.is_global


def _port(parts) -> int | None:
    try:
        return parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None


def _on_site(host: str, domains: list[str]) -> bool:
    return not domains or any(host == d or host.endswith("." + d) for d in domains)


def refusal(spider, source: str, target: str) -> str | None:
    """Why a redirect from `source` to `target` is refused, or None to follow it."""
    src, dst = urlsplit(source), urlsplit(target)
    if dst.scheme not in ("http", "https"):
        return None  # Scrapy refuses other schemes itself, with its own error
    host = (dst.hostname or "").lower()
    domains = [d.lower() for d in getattr(spider, "allowed_domains", None) or []]
    local_site = any(is_internal(d) for d in domains)
    if is_internal(host) and not local_site:
        return f"redirected to an internal address ({host}), not followed"
    if dst.netloc in {urlsplit(base).netloc for base in (getattr(spider, "mirrors", None) or {}).values()}:
        return None  # another host of a mirrored site, on its own copy
    if not _on_site(host, domains):
        return f"redirected off site to {host}, not followed"
    if dst.port is not None and _port(dst) != _port(src) and (host == src.hostname or is_internal(host)):
        return f"redirected to another port ({dst.netloc}), not followed"
    return None


class RedirectGuard:
    """Placed before RedirectMiddleware on the way back (a higher number), it sees each
    redirect first and refuses the ones `refusal` names."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if response.status not in REDIRECTS or request.meta.get("dont_redirect"):
            return response
        if response.status in request.meta.get("handle_httpstatus_list", ()):
            return response
        location = response.headers.get(b"Location")
        if not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        reason = refusal(self.crawler.spider, request.url, target)
        if reason:
            raise RefusedRedirect(reason)
        return response


class RefreshGuard(RedirectGuard):
    """A redirect Scrapy made from a page's <meta http-equiv=refresh> is a new request that
    names where it came from: checked first of all (a low number), before even its host's
    robots.txt is fetched."""

    def process_request(self, request, spider=None):
        previous = request.meta.get("redirect_urls")
        if previous:
            reason = refusal(self.crawler.spider, previous[-1], request.url)
            if reason:
                raise RefusedRedirect(reason)
        return None

    def process_response(self, request, response, spider=None):
        return response


def text_codec(name: str | None) -> bool:
    """Whether `name` is a charset Python decodes text with."""
    resolved = resolve_encoding(name) if name else None
    if not resolved:
        return False
    try:
        return getattr(codecs.lookup(resolved), "_is_text_encoding", True)
    except LookupError:
        return False


class TextCodecGuard:
    """Drops a charset parameter that names no text codec from the Content-Type."""

    def process_response(self, request, response, spider=None):
        ctype = response.headers.get(b"Content-Type")
        if not ctype:
            return response
        value = ctype.decode("latin-1")
        declared = http_content_type_encoding(value)
        if "charset" not in value.lower() or (declared and text_codec(declared)):
            return response
        kept = "; ".join(p.strip() for p in value.split(";") if not p.strip().lower().startswith("charset"))
        headers = response.headers.copy()
        headers[b"Content-Type"] = kept.encode("latin-1")
        return response.replace(headers=headers, encoding=None)  # else replace() copies the bad one
