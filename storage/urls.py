"""Canonical URLs: one spelling per article, so the same page is never stored twice.

courlan strips tracking parameters (utm_*, fbclid, ...), sorts the query and lowercases the
host; on top of that the fragment is dropped and http is treated as https, because news
sites serve the same article under both."""
from __future__ import annotations

from functools import lru_cache

from courlan import normalize_url


@lru_cache(maxsize=8192)  # a page's URL, final URL and article URL are usually one string
def canonical_url(url: str | None) -> str | None:
    """The canonical spelling of `url`, or None for no URL. Never raises."""
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        url = normalize_url(url)
    except Exception:  # courlan refuses some malformed URLs; keep them as given
        pass
    url = url.split("#", 1)[0]
    if url.startswith("http://"):
        url = "https://" + url[len("http://"):]
    return url


def by_canonical(urls) -> dict[str, list[str]]:
    """The given URLs grouped under their canonical spelling (URLs with none left out), so a
    lookup of stored URLs can answer in the caller's own spellings."""
    groups: dict[str, list[str]] = {}
    for url in urls:
        canonical = canonical_url(url)
        if canonical:
            groups.setdefault(canonical, []).append(url)
    return groups
