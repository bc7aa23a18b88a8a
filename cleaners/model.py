"""The data every part of declutter passes around: a fetched Page and a cleaned Article.

Kept free of Scrapy and SQLite so that cleaners, storage and scrapers can all share it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any


@dataclass
class Page:
    """Raw input as fetched or saved: what a cleaner needs and what storage keeps to re-clean."""

    url: str | None
    body: bytes
    final_url: str | None = None
    fetched: datetime | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    source: str | None = None

    def __post_init__(self) -> None:
        if self.final_url is None:
            self.final_url = self.url
        if self.fetched is None:
            self.fetched = datetime.now(timezone.utc)


@dataclass
class Article:
    """One article with its metadata; `body` is its paragraphs joined by a blank line.

    On a portal (Naver, Daum) `site` is the portal's host and `publisher` the press the
    article came from, so an outlet's stories are found wherever they were read."""

    url: str | None = None
    site: str | None = None          # the host the page lives on (a portal's own host for a portal page)
    publisher: str | None = None     # the press that wrote it, when the page names it (a portal's partner)
    original_url: str | None = None  # the publisher's own copy, when the page links it
    title: str | None = None
    subtitle: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    section: str | None = None
    body: str = ""
    captions: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    lang: str | None = None
    source: str | None = None
    cleaner: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p.strip()]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready values: times as ISO 8601 strings, lists copied."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, list):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Article":
        """The inverse of to_dict: unknown keys are ignored, ISO times parsed back."""
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        for key in ("published", "modified"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = datetime.fromisoformat(kwargs[key])
        for key in ("subtitle", "authors", "captions", "summary"):
            if kwargs.get(key) is None:
                kwargs[key] = []
        return cls(**kwargs)


@dataclass(frozen=True)
class Drop:
    """A line a cleaner removed and the named rule that removed it (for --explain)."""

    rule: str
    text: str
