"""Turn raw page bytes into text, and tell markup from a whole-page text dump.

Declarations are often wrong. Bytes that are valid UTF-8 and hold multi-byte sequences
are read as UTF-8 whatever the page declares: such sequences almost never arise by
accident in a single-byte or EUC-KR page, while servers and templates that declare
iso-8859-1, windows-1252 or euc-kr over UTF-8 bytes are common. Other pages (Korean
ones are often EUC-KR or CP949 with a wrong or missing declaration) trust the declared
encoding only when the bytes decode under it; otherwise UTF-8, then CP949, then charset
detection are tried in turn.
"""
from __future__ import annotations

import codecs
import re

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

MAX_BYTES = 20_000_000  # larger pages are refused rather than cleaned for minutes


class UnreadableInput(ValueError):
    """The content cannot be cleaned at all; the message says why, in a few words."""


_TAG_STR = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|div|p|span|a|meta|article|br|table|li|title|section|script)\b", re.I)
_CLOSE_STR = re.compile(r"</\s*(?:html|body|div|p|span|a|article|table|li|title|section|script)\s*>", re.I)


_WINDOW = 200_000
_PROLOGUE = re.compile(r"(?:\s|<!--.*?-->|<\?xml[^>]*>)*", re.S)  # what may stand before a doctype
_DOCUMENT = re.compile(r"<(?:!doctype\s+html|html)[\s>]", re.I)
_OPAQUE = re.compile(r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """Markup, as opposed to a text dump: a page that opens with a doctype or <html>, or one
    with opening and closing tags of common HTML elements. The tags are looked for outside
    inline scripts, stylesheets and comments, which on large sites fill the first hundreds
    of kilobytes and would otherwise leave a window of the page with no closing tag."""
    text = text.lstrip("\ufeff")
    if _DOCUMENT.match(text, _PROLOGUE.match(text).end()):
        return True
    if _has_tags(text[:_WINDOW]):
        return True
    if not _OPAQUE.search(text, 0, _WINDOW):
        return False
    return _has_tags(_OPAQUE.sub(" ", text)[:_WINDOW])


def _has_tags(head: str) -> bool:
    return len(_TAG_STR.findall(head)) >= 2 and bool(_CLOSE_STR.search(head))


def _is_binary(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    if sample.startswith((b"\x1f\x8b", b"PK\x03\x04", b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")):
        return True
    if read_bom(sample)[0] in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.1


def _try(data: bytes, encoding: str | None) -> str | None:
    if not encoding:
        return None
    name = resolve_encoding(encoding)
    if not name:
        return None
    if name in ("euc_kr", "ks_c_5601_1987", "cp949"):
        name = "cp949"  # CP949 is the superset Korean sites actually send as EUC-KR
    if name.startswith(("utf-16", "utf-32")) and not _wide(data):
        return None  # ASCII bytes "decode" as UTF-16 into CJK mojibake: a wide declaration needs NULs
    try:
        return data.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _wide(data: bytes) -> bool:
    """Bytes that look like UTF-16 or UTF-32 (without a BOM): markup's ASCII makes every
    other byte NUL, so at least an eighth of them are."""
    sample = data[:4096]
    return bool(sample) and sample.count(0) * 8 >= len(sample)


def decode(content: bytes | str, content_type: str | None = None) -> str:
    """Text of the content; raises UnreadableInput for empty, binary or undecodable input."""
    if isinstance(content, str):
        text = content
    else:
        if len(content) > MAX_BYTES:
            raise UnreadableInput(f"too large ({len(content):,} bytes, limit {MAX_BYTES:,})")
        if _is_binary(content):
            raise UnreadableInput("binary content, not a page")
        bom_encoding, bom = read_bom(content)
        text = _try(content[len(bom):], bom_encoding) if bom_encoding else None
        text = text or _multibyte_utf8(content)
        for enc in (http_content_type_encoding(content_type) if content_type else None,
                    html_body_declared_encoding(content[:4096])):
            text = text or _try(content, enc)
        text = text or _try(content, "utf-8") or _try(content, "cp949") or _mixed(content)
        if text is None:
            text = _detect(content)
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableInput("empty")
    return text


def _multibyte_utf8(data: bytes) -> str | None:
    """The text, when the bytes are valid UTF-8 with at least one multi-byte sequence."""
    if data.isascii():
        return None  # every ASCII-compatible declaration reads these bytes alike
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _cp949_runs(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode handler: read bytes UTF-8 cannot as CP949 pairs, else as U+FFFD."""
    data, start = error.object, error.start
    pair = data[start:start + 2]
    try:
        return pair.decode("cp949"), start + 2
    except UnicodeDecodeError:
        return "\ufffd", start + 1


codecs.register_error("declutter-cp949", _cp949_runs)


def _mixed(data: bytes) -> str | None:
    """A UTF-8 page with pieces pasted in as CP949 (a common CMS accident): each run UTF-8
    rejects is read as CP949. Taken only when most non-ASCII text is valid UTF-8, so a page
    in a single legacy encoding still goes to detection."""
    text = data.decode("utf-8", errors="declutter-cp949")
    strict = data.decode("utf-8", errors="ignore")
    utf8_chars = sum(1 for ch in strict if ord(ch) > 127)
    foreign = len(text) - len(strict)
    if utf8_chars == 0 or foreign > utf8_chars or text.count("\ufffd") > len(text) // 100:
        return None
    return text


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise UnreadableInput("undecodable bytes (no text encoding fits)")
    try:
        return data.decode(best.encoding, errors="replace")
    except LookupError as exc:  # pragma: no cover - detector named an unknown codec
        raise UnreadableInput(f"undecodable bytes ({exc})") from None
