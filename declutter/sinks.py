"""Where cleaned articles go: JSON lines or plain text on a stream, or a SQLite database.

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
        from .words import counted
        parts = [counted(self.pages, "page"), counted(self.articles, "article"), counted(self.errors, "error")]
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        parts += [f"{v:,} {k}" for k, v in self.extra.items()]
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


class StoreSink:
    """Stores each page with its articles in a `storage.Store` (one transaction per page, so
    a killed run loses at most the page in hand) and records the run and its errors.
    `also`, if given, is another sink that sees the same calls (--db with --format)."""

    def __init__(self, store, also=None, args: str = "") -> None:
        self.store = store
        self.also = also
        self.args = args
        self.run_id: int | None = None
        self.counts = {"new": 0, "updated": 0, "unchanged": 0, "duplicate": 0}

    def begin(self, command: str) -> None:
        self.run_id = self.store.begin_run(command, self.args)
        if self.also:
            self.also.begin(command)

    def page(self, page: Page, articles: list[Article]) -> None:
        for name, n in self.store.save(page, articles, self.run_id).items():
            self.counts[name] += n
        if self.also:
            self.also.page(page, articles)

    def error(self, error: InputError) -> None:
        self.store.record_error(error.source, error.stage, error.reason, self.run_id)
        if self.also:
            self.also.error(error)

    def end(self, summary: Summary) -> None:
        summary.extra.update((name, n) for name, n in self.counts.items() if n)
        try:
            if self.run_id is not None:
                self.store.end_run(self.run_id, {"pages": summary.pages, "errors": summary.errors,
                                                 "skipped": summary.skipped, **self.counts})
        finally:
            self.store.close()
            if self.also:
                self.also.end(summary)


def render(article: Article, format: str) -> str:
    if format == "jsonl":
        return json.dumps(article.to_dict(), ensure_ascii=False) + "\n"
    head = [article.title or ""]
    head += article.subtitle
    # on a portal, `site` is the portal and `publisher` the press that wrote the article
    meta = " | ".join(x for x in [", ".join(article.authors),
                                  article.published.isoformat() if article.published else "",
                                  article.publisher or "", article.site or "",
                                  article.url or article.source or ""] if x)
    if meta:
        head.append(meta)
    if article.original_url:
        head.append(f"original: {article.original_url}")
    return "\n".join(head) + "\n\n" + article.body + "\n\n" + "-" * 40 + "\n"
