"""What spiders hand to the pipeline: a fetched page, or a URL that could not be had and why."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class PageItem:
    """A fetched page, under the URL the site publishes it at (not a local mirror's)."""

    url: str
    body: bytes
    final_url: str
    status: int
    headers: dict[str, str]
    fetched: datetime
    content_type: str | None = None
    lastmod: str | None = None          # the sitemap's lastmod, kept to notice later changes
    expect_article: bool = True         # an article URL: no article in it is an error


@dataclass
class ErrorItem:
    """A URL the crawl gave up on: one line in `errors`, the crawl goes on."""

    url: str
    stage: str                          # fetch, robots, clean
    reason: str
    extra: dict = field(default_factory=dict)
