"""Which site a page belongs to, for learned layouts: the site registry's name for it
(cleaners.sites.site_name: a registered site's name, else its host without `www.`), so learned
layouts, site health and every command name a site alike."""
from __future__ import annotations


def site_of(url: str | None) -> str | None:
    """The site a learned layout of this page is kept under, or None without a URL."""
    if not url or "://" not in url:
        return None
    from ..sites import site_name
    name = site_name(url)
    return None if name == "unknown" else name
