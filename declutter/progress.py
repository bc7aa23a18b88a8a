"""Progress of long work on stderr: pages, articles, errors and rate, with the total and an
ETA when the amount of work is known.

On a terminal it is one line redrawn in place; messages (error lines) are printed above it,
and the caller prints the closing summary either way. Not on a terminal (a log, a pipe) it
is a plain line every PLAIN_SECONDS, so a long run in cron or CI still says where it is."""
from __future__ import annotations

import time
from typing import TextIO

from .words import counted

REDRAW_SECONDS = 0.2
PLAIN_SECONDS = 10.0


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    h, m, s = seconds // 3600, seconds // 60 % 60, seconds % 60
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """`enabled`: draw the bar (default: when the stream is a terminal); `total`: the items
    the run will take (pages, errors and skipped together), for the share done and the ETA."""

    def __init__(self, stream: TextIO, enabled: bool | None = None, total: int | None = None,
                 label: str = "") -> None:
        self.stream = stream
        tty = stream.isatty()
        self.enabled = tty if enabled is None else enabled
        self.plain = not tty
        self.total = total or None
        self.label = label
        self.start = time.monotonic()
        self.drawn = 0.0
        self.visible = False

    def line(self, summary, now: float) -> str:
        elapsed = max(now - self.start, 1e-9)
        done = summary.pages + summary.errors + summary.skipped
        rate = summary.pages / elapsed
        head = counted(summary.pages, "page")
        tail = ""
        if self.total and done <= self.total:
            head = f"{done:,}/{self.total:,} ({done / self.total:.0%})"
            if done:
                tail = f"  ETA {_clock(elapsed / done * (self.total - done))}"
        return (f"{self.label}{head}  {counted(summary.articles, 'article')}  {counted(summary.errors, 'error')}"
                + (f"  {summary.skipped:,} skipped" if summary.skipped else "") + f"  {rate:,.1f} pages/s{tail}")

    def update(self, summary, force: bool = False) -> None:
        """Redraw from the run's Summary, at most every REDRAW_SECONDS (PLAIN_SECONDS for plain lines)."""
        now = time.monotonic()
        if self.enabled:
            if not force and now - self.drawn < REDRAW_SECONDS:
                return
            self.drawn = now
            self.stream.write("\r" + self.line(summary, now) + "\x1b[K")
            self.stream.flush()
            self.visible = True
        elif self.plain and now - max(self.drawn, self.start) >= PLAIN_SECONDS:
            self.drawn = now
            self.stream.write(self.line(summary, now) + "\n")
            self.stream.flush()

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
