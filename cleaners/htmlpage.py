"""HTML path (first cut): trafilatura's main text."""
from __future__ import annotations

from datetime import datetime

from .model import Article, Drop


def clean_html(html: str, url: str | None = None, trace: list[Drop] | None = None,
               fetched: datetime | None = None) -> list[Article]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, as_dict=True)
    if not doc or not (doc.get("text") or "").strip():
        return []
    body = "\n\n".join(p.strip() for p in doc["text"].split("\n") if p.strip())
    return [Article(url=url, title=doc.get("title"), body=body, site=doc.get("sitename"), cleaner="generic/0")]
