"""What a command's SITE argument means, the same in every command: a registered site by its
name or any of its hosts (cleaners.sites), else a site the database names. An unknown name is
an error (cleaners.sites.UnknownSite) that lists the close matches."""
from __future__ import annotations


def site_hosts(store, given: str | None) -> tuple[str, ...] | None:
    """The `site` values of articles and pages that SITE stands for (None: every site)."""
    if not given:
        return None
    from cleaners.sites import hosts_of, resolve
    return hosts_of(resolve(given, known=store.site_names()))


def health_site(store, given: str | None) -> str | None:
    """The name site health and learned layouts keep SITE under (None: every site)."""
    if not given:
        return None
    from cleaners.sites import Site, resolve
    target = resolve(given, known=store.site_names())
    return target.name if isinstance(target, Site) else target
