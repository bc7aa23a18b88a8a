"""Where saved pages come from: files, folders, WARC archives and stdin.

`pages()` yields, in a stable order, a Page for every page found, an InputError for every
input (or WARC record) that could not be read, and a Skipped for every WARC record that is
not an HTML response. Everything streams: a WARC is read record by record, and no page is
held longer than the caller holds it.
"""
from __future__ import annotations

import contextlib
import gzip
import html
import io
import os
import re
import stat
import sys
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from fnmatch import fnmatch
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator
from urllib.parse import urljoin

from cleaners.decode import MAX_BYTES
from cleaners.model import Page

WARC_SUFFIXES = (".warc", ".warc.gz")
SUFFIXES = (".txt", ".html", ".htm", ".html.gz", ".htm.gz", ".txt.gz") + WARC_SUFFIXES
MAX_INFLATED = MAX_BYTES  # a page that inflates past this is refused (a gzip bomb), not cleaned
STDIN = "-"


@dataclass
class InputError:
    """An input that could not be read: `source` names it, `reason` says why."""

    source: str
    reason: str
    stage: str = "read"


@dataclass
class Skipped:
    """A WARC record that is not a page to clean (request, metadata, image...): counted, not cleaned."""

    source: str
    reason: str


Item = Page | InputError | Skipped


def _wanted(path: Path, root: Path, globs: list[str] | None) -> bool:
    name = path.name.lower()
    if globs:
        rel = path.relative_to(root).as_posix()
        return any(fnmatch(path.name, g) or fnmatch(rel, g) for g in globs)
    return any(name.endswith(s) for s in SUFFIXES)


def expand(paths: Iterable[str], globs: list[str] | None = None) -> Iterator[Path | str | InputError]:
    """Files named, and the files found under folders named (those with known suffixes, or
    matching one of `globs`), in a stable order; `-` (stdin) passes through."""
    for raw in paths:
        if str(raw) == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            unreadable: list[OSError] = []  # folders os.walk could not list, reported in place
            for root, dirs, files in os.walk(path, onerror=unreadable.append):
                while unreadable:
                    exc = unreadable.pop(0)
                    yield InputError(str(exc.filename or root), _reason(exc))
                dirs.sort()
                for name in sorted(files):
                    child = Path(root) / name
                    if _wanted(child, path, globs):
                        yield child
            for exc in unreadable:
                yield InputError(str(exc.filename or path), _reason(exc))
        elif path.is_symlink() and not path.exists():
            yield InputError(str(path), "dangling symbolic link")
        elif path.exists():
            yield path
        elif re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", str(raw)):
            yield InputError(str(raw), "a URL, not a file: `declutter crawl URL` fetches it; "
                                       "`curl -s URL | declutter clean - --url URL` cleans it once")
        else:
            yield InputError(str(path), "no such file or folder")


def count_items(paths: Iterable[str], globs: list[str] | None = None) -> int | None:
    """How many items pages() will yield, when that is known before reading: one per file
    (or bad path), unless stdin or a WARC (many records, or none) is among them."""
    n = 0
    for item in expand(paths, globs):
        if item == STDIN or (isinstance(item, Path) and item.name.lower().endswith(WARC_SUFFIXES)):
            return None
        n += 1
    return n


def pages(paths: Iterable[str], url: str | None = None, globs: list[str] | None = None,
          stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every page under `paths`. `url` names the page a saved file came from; without it a
    saved HTML page's canonical link or og:url is used. WARC records carry their own URL."""
    for item in expand(paths, globs):
        if isinstance(item, InputError):
            yield item
        elif item == STDIN:
            yield from _stream_pages(stdin or sys.stdin.buffer, "<stdin>", url, None)
        else:
            yield from _file_pages(item, url)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[:1].lower() + exc.strerror[1:]  # "no such file or directory"
    if isinstance(exc, EOFError):
        return f"truncated ({exc})" if str(exc) else "truncated"
    if isinstance(exc, zlib.error):
        return f"corrupt compressed data ({exc})"
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _file_pages(path: Path, url: str | None) -> Iterator[Item]:
    source = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            yield InputError(source, f"not a regular file ({kind})")
            return
        stream = open(path, "rb")
    except OSError as exc:
        if path.is_symlink() and not path.exists():
            yield InputError(source, "dangling symbolic link")
        else:
            yield InputError(source, _reason(exc))
        return
    fetched = datetime.fromtimestamp(info.st_mtime, timezone.utc)
    with stream:
        yield from _stream_pages(stream, source, url, fetched)


def _stream_pages(stream: BinaryIO, source: str, url: str | None, fetched: datetime | None) -> Iterator[Item]:
    """One saved page, or the records of a WARC, from an open binary stream."""
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)
    try:
        head = buffered.peek(4096)[:4096]
    except OSError as exc:
        yield InputError(source, _reason(exc))
        return
    if _is_warc(head):
        if head[:2] == b"\x1f\x8b" and not buffered.seekable():
            # a pipe cannot be read twice, so inflate it here: that reads both a WARC gzipped
            # record by record and one gzipped as a whole (offsets are then inflated ones)
            buffered = _Gunzip(buffered)
        yield from warc_pages(buffered, source)
        return
    try:
        body = read_limited(buffered, gzipped=head[:2] == b"\x1f\x8b")
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        yield InputError(source, _reason(exc))
        return
    yield Page(url=url or page_url(body), body=body, fetched=fetched, source=source)


def _is_warc(head: bytes) -> bool:
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/")


def read_limited(stream: BinaryIO, gzipped: bool = False, limit: int = MAX_INFLATED) -> bytes:
    """All bytes of a stream (inflated when `gzipped`), refusing past `limit` without reading on:
    a small gzip bomb that inflates to gigabytes costs only `limit` bytes of memory."""
    reader = gzip.GzipFile(fileobj=stream) if gzipped else stream
    try:
        data = reader.read(limit + 1)
    except gzip.BadGzipFile as exc:
        raise ValueError(f"not a valid gzip file ({exc})") from None
    if len(data) > limit:
        what = "inflates past" if gzipped else "larger than"
        raise ValueError(f"{what} {limit:,} bytes, the page size limit" + (" (gzip bomb?)" if gzipped else ""))
    return data


# -- WARC ---------------------------------------------------------------------------------

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


_REQUIRED = ("WARC-Type", "WARC-Record-ID", "WARC-Date", "Content-Length")


def _archive_iterator(stream: BinaryIO):
    """warcio's iterator, made to fail loudly where it would stop or read on quietly: a record
    cut short, a compressed record without its end, a Content-Length that does not fit."""
    from warcio.archiveiterator import ArchiveIterator

    class StrictIterator(ArchiveIterator):
        open_member = False

        def _next_record(self, next_line):
            before = self.reader.tell()
            try:
                return super()._next_record(next_line)
            except EOFError:
                if next_line or self.reader.tell() != before:
                    raise ValueError("truncated: the archive ends inside a record header") from None
                raise  # a clean end of the archive

        def records(self):
            for record in self:
                missing = [h for h in _REQUIRED if record.rec_headers.get_header(h) is None]
                if missing:
                    raise ValueError(f"broken or truncated record header (no {', '.join(missing)})")
                yield self.offset, record
                self.check(record)
            if self.open_member:
                raise ValueError("truncated: the archive ends inside a compressed record")

        def check(self, record) -> None:
            """Call after reading a record, before trusting it."""
            errors = self.err_count
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints a warning; we raise
                self.read_to_end()
            if self.err_count != errors:
                raise ValueError("record length is wrong (Content-Length does not match the data)")
            missing = getattr(record.raw_stream, "limit", 0)
            if missing > 0:
                raise ValueError(f"truncated: the record ends {missing:,} bytes early")
            decompressor = self.reader.decompressor if self.reader else None
            self.open_member = decompressor is not None and not getattr(decompressor, "eof", True)

    iterator = StrictIterator(stream)
    iterator.loader.HTTP_RECORDS = ("response",)  # request headers are never used: skip parsing them
    return iterator


class _Gunzip(io.RawIOBase):
    """Inflate a gzip stream (all its members) for a reader that takes end of data for the end
    of the archive, as warcio does: data up to a cut is returned, then the cut is an error."""

    STEP = 1 << 20  # inflate at most this much at a time, whatever the compression ratio

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.inflater = zlib.decompressobj(31)
        self.pending = b""  # compressed bytes not yet inflated
        self.started = False
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.done:
            if self.inflater.eof:  # a member ended: the next, if any, follows
                self.pending = self.inflater.unused_data + self.pending
                self.inflater, self.started = zlib.decompressobj(31), False
            if not self.pending:
                self.pending = self.raw.read(1 << 16)
                if not self.pending:
                    self.done = True
                    if self.started:
                        raise ValueError("truncated: the compressed archive is cut short")
                    return 0
            out = self.inflater.decompress(self.pending, min(len(buffer), self.STEP))
            self.pending = self.inflater.unconsumed_tail
            self.started = self.started or bool(out) or not self.inflater.eof
            if out:
                buffer[:len(out)] = out
                return len(out)
        return 0


class _WholeGzip(Exception):
    """The WARC was gzipped as one stream (`gzip crawl.warc`), not record by record."""


def warc_pages(stream: BinaryIO, source: str) -> Iterator[Item]:
    """Each HTML response record of a WARC as a Page (URL and WARC-Date from the record);
    other records come out as Skipped. A broken archive ends with one InputError naming
    the file and the offset where reading failed; the records before it stand."""
    done = 0
    try:
        for item in _warc_items(stream, source):
            yield item
            done += 1
    except _WholeGzip:
        if not stream.seekable():
            yield InputError(source, "gzipped as one stream, not record by record: gunzip it first")
            return
        stream.seek(0)  # read it again through gzip; offsets are then in the inflated archive
        for n, item in enumerate(_warc_items(_Gunzip(stream), source)):
            if n >= done:
                yield item


def _warc_items(stream: BinaryIO, source: str) -> Iterator[Item]:
    offset = 0
    records = _archive_iterator(stream)
    try:
        for offset, record in records.records():
            where = f"{source}@{offset}"
            if record.rec_type != "response":
                yield Skipped(where, f"{record.rec_type} record")
                continue
            http = record.http_headers
            ctype = ((http.get_header("Content-Type") if http else None) or "").split(";")[0].strip().lower()
            if not http or ctype not in _HTML_TYPES:
                yield Skipped(where, f"not HTML ({ctype or 'no type'})")
                continue
            status = http.get_statuscode()
            if not (status or "").startswith("2"):
                yield Skipped(where, f"HTTP status {status or 'missing'}")  # redirects and error pages
                continue
            try:
                body = read_limited(record.content_stream())
            except (ValueError, OSError, zlib.error) as exc:
                records.check(record)
                yield InputError(where, _reason(exc))
                continue
            records.check(record)
            yield Page(url=record.rec_headers.get_header("WARC-Target-URI"), body=body,
                       fetched=_warc_date(record.rec_headers.get_header("WARC-Date")),
                       status=int(status) if status and status.isdigit() else None,
                       headers={k: v for k, v in http.headers}, source=where)
    except Exception as exc:  # warcio meets garbage with many exception types; each ends this file
        from warcio.exceptions import ArchiveLoadFailed

        if isinstance(exc, (OSError, EOFError, zlib.error, ValueError)):
            reason = _reason(exc)
        elif isinstance(exc, ArchiveLoadFailed) and "non-chunked gzip" in str(exc):
            raise _WholeGzip() from None
        elif isinstance(exc, ArchiveLoadFailed):
            reason = "broken WARC record (" + (str(exc).strip().splitlines() or ["?"])[0][:120] + ")"
        else:  # warcio tripping over a record cut short
            reason = f"broken or truncated WARC record ({type(exc).__name__} in warcio)"
        yield InputError(f"{source}@{offset}", reason)


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


# -- the URL a saved page names for itself --------------------------------------------------

_TAG = re.compile(rb"<(link|meta)\b([^>]{0,2000})>", re.I)
_ATTR = re.compile(rb"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def page_url(body: bytes, base: str | None = None) -> str | None:
    """The page's canonical link, else its og:url, when it is an absolute http(s) URL
    (or can be made one against `base`); None when the page names neither."""
    found: dict[str, str] = {}
    for match in _TAG.finditer(body[:200_000]):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"") for m in _ATTR.finditer(match.group(2))}
        tag = match.group(1).lower()
        if tag == b"link" and b"canonical" in attrs.get(b"rel", b"").lower().split():
            found.setdefault("canonical", attrs.get(b"href", b""))
        elif tag == b"meta" and attrs.get(b"property", attrs.get(b"name", b"")).lower() == b"og:url":
            found.setdefault("og", attrs.get(b"content", b""))
        if "canonical" in found:
            break
    for key in ("canonical", "og"):
        raw = found.get(key)
        if not raw:
            continue
        value = html.unescape(raw.decode("utf-8", "replace")).strip()
        if base:
            value = urljoin(base, value)
        if value.startswith(("http://", "https://")) and " " not in value:
            return value
    return None
