"""Site profiles: one module per site (or family of sites on one CMS).

A profile module defines a `Profile` subclass instance named `PROFILE` and is listed in
MODULES. `find_profile(url, html)` returns the first profile that claims the page;
`Profile.clean` returns its articles, or None to let the generic path take the page.
"""
from __future__ import annotations

import importlib
from functools import lru_cache

MODULES: list[str] = ["ndsoft", "etoday", "metroseoul", "newsway", "daum", "naver"]


@lru_cache(maxsize=1)
def profiles() -> list:
    return [importlib.import_module(f"{__name__}.{name}").PROFILE for name in MODULES]


def find_profile(url: str | None, html: str):
    """The profile that serves this page, by URL first and then by the page's own marks."""
    for profile in profiles():
        if profile.matches(url, html):
            return profile
    return None
