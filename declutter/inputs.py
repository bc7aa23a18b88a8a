"""Where saved pages come from: files and folders, each yielded as a Page or an InputError."""
from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from cleaners.model import Page

SUFFIXES = (".txt", ".html", ".htm", ".html.gz", ".htm.gz", ".txt.gz")
MAX_INFLATED = 100_000_000  # a gzip member that inflates past this is refused, not cleaned


@dataclass
class InputError:
    """An input that could not be read: `source` names it, `reason` says why."""

    source: str
    reason: str
    stage: str = "read"


def _wanted(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(s) for s in SUFFIXES)


def expand(paths: Iterable[str]) -> Iterator[Path | InputError]:
    """Files named, and the files with known suffixes found under folders named, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    child = Path(root) / name
                    if _wanted(child):
                        yield child
        elif path.exists():
            yield path
        else:
            yield InputError(str(path), "no such file or folder")


def read_gzip(data: bytes, limit: int = MAX_INFLATED) -> bytes:
    """Inflate gzip data, refusing bombs past `limit` bytes and naming truncation."""
    out = bytearray()
    with gzip.GzipFile(fileobj=__import__("io").BytesIO(data)) as stream:
        while chunk := stream.read(1 << 20):
            out += chunk
            if len(out) > limit:
                raise ValueError(f"inflates past {limit:,} bytes (gzip bomb?)")
    return bytes(out)


def load(path: Path, url: str | None = None) -> Page | InputError:
    """Read one saved file as a Page; errors become an InputError naming the file."""
    source = str(path)
    try:
        data = path.read_bytes()
        if path.name.lower().endswith(".gz"):
            data = read_gzip(data)
    except (OSError, EOFError, ValueError, gzip.BadGzipFile) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        return InputError(source, reason)
    fetched = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc) if path.exists() else None
    return Page(url=url, body=data, fetched=fetched, source=source)


def pages(paths: Iterable[str], url: str | None = None) -> Iterator[Page | InputError]:
    for item in expand(paths):
        yield item if isinstance(item, InputError) else load(item, url)
