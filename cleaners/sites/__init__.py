"""The site registry: one home per site, and the site profiles that clean their pages.

Each module in MODULES defines `PROFILE` (a `Profile`, or None) and `SITES` (the `Site`s it
serves: a CMS family's profile serves several). A `Site` binds a name, hosts, crawl sources
and the profile; the spiders are declared from it (scrapers/spiders), and every command takes
its name or any of its hosts (`resolve`).

`find_profile(url, html)` returns the first profile that claims the page; `Profile.clean`
returns its articles, or None to let the generic path take the page. `site_for(url)` names the
site of a page.
"""
from __future__ import annotations

import difflib
import importlib
from functools import lru_cache
from urllib.parse import urlsplit

from .base import Site, Sources

MODULES: list[str] = ["ndsoft", "etoday", "metroseoul", "newsway", "daum", "naver"]


class UnknownSite(ValueError):
    """A name that is neither a site of the registry nor a host; says the close matches."""


@lru_cache(maxsize=1)
def _modules() -> list:
    return [importlib.import_module(f"{__name__}.{name}") for name in MODULES]


@lru_cache(maxsize=1)
def profiles() -> list:
    return [m.PROFILE for m in _modules() if getattr(m, "PROFILE", None) is not None]


@lru_cache(maxsize=1)
def sites() -> tuple[Site, ...]:
    """Every registered site, in the order of MODULES."""
    return tuple(site for m in _modules() for site in getattr(m, "SITES", ()))


def find_profile(url: str | None, html: str):
    """The profile that serves this page, by URL first and then by the page's own marks."""
    for profile in profiles():
        if profile.matches(url, html):
            return profile
    return None


def host_of(url_or_host: str | None) -> str:
    """The lower-case host of a URL (or a bare host), without a leading www."""
    value = (url_or_host or "").strip()
    host = (urlsplit(value).hostname or "") if "://" in value else value.split("/")[0].split(":")[0]
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def site_for(url_or_host: str | None) -> Site | None:
    """The registered site a page's URL (or a host) belongs to, or None."""
    host = host_of(url_or_host)
    if not host:
        return None
    return next((site for site in sites() if site.owns(host)), None)


def site_name(url_or_host: str | None, fallback: str | None = None) -> str:
    """The one name of a page's site: the registered site's name, else its host without www.,
    else `fallback`, else "unknown". Health, locks and queues all name sites this way."""
    site = site_for(url_or_host)
    if site:
        return site.name
    return host_of(url_or_host) or fallback or "unknown"


def resolve(target: str, known: list[str] | tuple[str, ...] = ()) -> Site | str:
    """What a site argument means: a registered site by its name or any of its hosts (a URL
    works too), else a host of `known` (sites a database holds, by name or host). Anything
    else raises UnknownSite naming the close matches."""
    target = (target or "").strip()
    if not target:
        raise UnknownSite("empty site name")
    by_name = {site.name: site for site in sites()}
    if target.lower() in by_name:
        return by_name[target.lower()]
    if "." in target or "://" in target:
        site = site_for(target)
        if site:
            return site
    host = host_of(target) if ("." in target or "://" in target) else target.lower()
    if host in {host_of(k) for k in known} or target in known:
        return host
    choices = sorted({*by_name, *(h for s in sites() for h in s.hosts), *known})
    close = difflib.get_close_matches(target.lower(), choices, n=4, cutoff=0.6)
    others = sorted({host_of(k) for k in known} - set(by_name))
    listed = sorted(by_name) + others[:20] + (["..."] if len(others) > 20 else [])
    hint = f"; did you mean {', '.join(close)}?" if close else f"; known sites: {', '.join(listed)}"
    raise UnknownSite(f"unknown site {target!r}{hint}")


def hosts_of(target: Site | str) -> tuple[str, ...]:
    """The hosts a resolved site argument stands for (for queries on articles.site)."""
    if isinstance(target, Site):
        return target.hosts
    return (target, f"www.{target}")


__all__ = ["MODULES", "Site", "Sources", "UnknownSite", "find_profile", "host_of", "hosts_of", "profiles",
           "resolve", "site_for", "site_name", "sites"]
