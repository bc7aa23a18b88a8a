"""Where cleaned articles go: JSON lines or plain text on a stream (a database sink joins later).

Every sink takes the same calls, so the clean command does not care where output lands."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TextIO

from cleaners.model import Article, Page

from .inputs import InputError


@dataclass
class Summary:
    """Counts of one run, printed at the end and stored with the run."""

    pages: int = 0
    articles: int = 0
    errors: int = 0
    skipped: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        parts = [f"{self.pages} pages", f"{self.articles} articles", f"{self.errors} errors"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        parts += [f"{v} {k}" for k, v in self.extra.items()]
        return ", ".join(parts)


class StreamSink:
    """Writes articles to a text stream; `format` is 'jsonl' or 'text'."""

    def __init__(self, stream: TextIO, format: str = "jsonl") -> None:
        self.stream = stream
        self.format = format

    def begin(self, command: str) -> None:
        pass

    def page(self, page: Page, articles: list[Article]) -> None:
        for article in articles:
            self.stream.write(render(article, self.format))
        self.stream.flush()

    def error(self, error: InputError) -> None:
        pass

    def end(self, summary: Summary) -> None:
        pass


def render(article: Article, format: str) -> str:
    if format == "jsonl":
        return json.dumps(article.to_dict(), ensure_ascii=False) + "\n"
    head = [article.title or ""]
    head += article.subtitle
    meta = " | ".join(x for x in [", ".join(article.authors),
                                  article.published.isoformat() if article.published else "",
                                  article.site or "", article.url or article.source or ""] if x)
    if meta:
        head.append(meta)
    return "\n".join(head) + "\n\n" + article.body + "\n\n" + "-" * 40 + "\n"
