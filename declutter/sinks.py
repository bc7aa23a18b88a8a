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
    not_stored: int = 0          # pages the database refused (disk full, locked past the wait)
    store_error: str | None = None   # why, the last refusal's message
    extra: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        from .words import counted
        parts = [counted(self.pages, "page"), counted(self.articles, "article"), counted(self.errors, "error")]
        if self.skipped:
            parts.append(f"{self.skipped:,} skipped")
        parts += [f"{v:,} {k}" for k, v in self.extra.items()]
        return ", ".join(parts)

    def not_stored_line(self) -> str:
        """How many pages the database refused, and why; empty when it refused none."""
        return f"{self.not_stored} pages not stored: {self.store_error}" if self.not_stored else ""


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
        self.not_stored = 0
        self.store_error: str | None = None

    def begin(self, command: str) -> None:
        self.run_id = self.store.begin_run(command, self.args)
        if self.also:
            self.also.begin(command)

    def page(self, page: Page, articles: list[Article]) -> None:
        """Store one page; a page the database refuses (disk full, locked past the wait) is
        counted in `not_stored` and the run goes on: the space or the lock may come back."""
        from storage import StoreError
        try:
            counts = self.store.save(page, articles, self.run_id)
        except StoreError as exc:
            self.not_stored += 1
            self.store_error = str(exc)
            return
        for name, n in counts.items():
            self.counts[name] += n
        if self.also:
            self.also.page(page, articles)

    def error(self, error: InputError) -> None:
        from storage import StoreError
        try:
            self.store.record_error(error.source, error.stage, error.reason, self.run_id)
        except StoreError as exc:  # the error is still counted and printed
            self.store_error = str(exc)
        if self.also:
            self.also.error(error)

    def end(self, summary: Summary) -> None:
        from storage import StoreError
        summary.extra.update((name, n) for name, n in self.counts.items() if n)
        summary.not_stored, summary.store_error = self.not_stored, self.store_error
        try:
            if self.run_id is not None:
                self.store.end_run(self.run_id, {"pages": summary.pages, "errors": summary.errors,
                                                 "skipped": summary.skipped, "not_stored": self.not_stored,
                                                 **self.counts})
        except StoreError as exc:
            if not self.not_stored:
                raise   # nothing else went wrong: the one line of the CLI says it
            summary.store_error = str(exc)  # the run stays open in `runs`; the line says why
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
