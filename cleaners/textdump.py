"""Text-dump path (first cut): the first line is the title, the rest the body."""
from __future__ import annotations

from .model import Article, Drop


def clean_text(text: str, url: str | None = None, trace: list[Drop] | None = None) -> list[Article]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return []
    return [Article(url=url, title=lines[0], body="\n\n".join(lines[1:]), cleaner="text/0")]
