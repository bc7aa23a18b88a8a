"""Which site a page belongs to, for learned layouts: its host without `www.`.

The one place learned layouts name a site, so a site registry can take its place."""
from __future__ import annotations

from urllib.parse import urlsplit


def site_of(url: str | None) -> str | None:
    """The site a learned layout of this page is kept under, or None without a URL."""
    if not url or "://" not in url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None
