"""A one-line progress bar on a terminal: pages, articles, errors and rate, redrawn in place.

Shown only when the stream is a terminal, so piped or logged runs stay clean; messages
(error lines) are printed above it, and the caller prints the closing summary either way."""
from __future__ import annotations

import time
from typing import TextIO

REDRAW_SECONDS = 0.2


class Progress:
    def __init__(self, stream: TextIO, enabled: bool | None = None) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self.start = time.monotonic()
        self.drawn = 0.0
        self.visible = False

    def update(self, summary, force: bool = False) -> None:
        """Redraw from the run's Summary, at most every REDRAW_SECONDS."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.drawn < REDRAW_SECONDS:
            return
        self.drawn = now
        rate = summary.pages / max(now - self.start, 1e-9)
        line = (f"{summary.pages:,} pages  {summary.articles:,} articles  {summary.errors:,} errors"
                + (f"  {summary.skipped:,} skipped" if summary.skipped else "") + f"  {rate:,.1f} pages/s")
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self.visible = True

    def message(self, text: str) -> None:
        """Print a line (an error) without tearing the bar."""
        self.clear()
        self.stream.write(text + "\n")
        self.stream.flush()

    def clear(self) -> None:
        if self.visible:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.visible = False
