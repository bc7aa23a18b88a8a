"""The learned profiles a process cleans with, by site.

`install` sets them for the whole process (a command loads them from its database before
its cleaning workers fork); `clean(..., learned=...)` names them per call instead."""
from __future__ import annotations

from typing import Iterable, Mapping

from .profile import LearnedProfile
from .site import site_of

_INSTALLED: dict[str, LearnedProfile] = {}


def install(profiles: Iterable[LearnedProfile] | Mapping[str, LearnedProfile]) -> None:
    """Clean with these learned profiles from now on, in this process (replaces any before)."""
    values = profiles.values() if isinstance(profiles, Mapping) else profiles
    _INSTALLED.clear()
    _INSTALLED.update((p.site_name, p) for p in values if p.layouts)


def installed() -> dict[str, LearnedProfile]:
    return dict(_INSTALLED)


def resolve(url: str | None, learned) -> LearnedProfile | None:
    """The learned profile for a page: from `learned` (a profile, several, a mapping by site,
    False for none) or else the installed ones, by the page's site. A single profile
    handed in serves a page without a URL too."""
    if learned is False:
        return None
    site = site_of(url)
    if learned is None:
        return _INSTALLED.get(site) if site else None
    if isinstance(learned, LearnedProfile):
        return learned if site is None or site == learned.site_name else None
    if isinstance(learned, Mapping):
        return learned.get(site) if site else None
    return next((p for p in learned if p.site_name == site), None)
