"""The last check every cleaning path passes: no title or body paragraph is markup, CSS or script.

A page misread as a text dump, a profile selector that lands on a <script>, or an extractor
that keeps a JSON state blob would otherwise store code as the article. Every paragraph is
judged by its shape: how much of it is tags, style rules, script statements or JSON pairs.
A paragraph of prose with code glued to it loses the stretch from its first to its last
code shape when that stretch is code. Prose that mentions a tag or two, or holds a brace,
stays. What goes is named `markup` for --explain, and an article left with no body is no
article. Code the page itself shows as code (its <pre> blocks, which the HTML path hands over
as the article's `page_code`) is part of the story (a tutorial's commands, a post's JSON
example) and stays.
"""
from __future__ import annotations

import re

from .model import Article, Drop

_ELEMENTS = (
    "html|head|body|div|span|p|a|img|script|style|link|meta|table|tbody|thead|tfoot|tr|td|th|ul|ol|li|iframe|"
    "form|input|button|select|option|textarea|label|br|hr|section|article|nav|header|footer|aside|main|noscript|"
    "svg|path|g|figure|figcaption|h[1-6]|strong|em|b|i|u|font|center|video|audio|source|picture|blockquote|pre|"
    "code|title|base|object|embed|param|dl|dt|dd|ins|small|sup|sub|template|canvas|map|area|col|colgroup|caption"
)
_SHAPES = {
    "tag": re.compile(rf"</?(?:{_ELEMENTS})(?:\s[^<>]{{0,2000}})?/?>|<!--|-->|<!doctype|<!\[CDATA\[", re.I),
    "css": re.compile(r"[^{};\n]{0,200}\{\s*[-\w]+\s*:\s*[^;{}\n]{1,300};?(?:\s*[-\w]+\s*:\s*[^;{}\n]{1,300};?)*\s*\}|"
                      r"@(?:media|font-face|import|keyframes|charset)\b"),
    "script": re.compile(r"\bfunction\s*[\w$]*\s*\([^()]{0,200}\)\s*\{|\b(?:var|let|const)\s+[\w$]+\s*=|"
                         r"\b(?:document|window)\.[\w$]+|=>\s*[{(]|\bif\s*\([^()]{0,200}\)\s*\{|\}\s*\)\s*\(|"
                         r"[\w$\])]\.[\w$]+\([^()\n]{0,200}\)\s*;|"
                         r"[\"'][\w$@-]{1,60}[\"']\s*:\s*(?:[\"'\[{]|-?\d|true\b|false\b|null\b)"),
}
# every shape above holds one of these: text without any is prose, and most paragraphs are
_ANY_SHAPE = re.compile(r"[<{}@]|-->|=>|\b(?:var|let|const|document|window)\b|[\"']\s*:|\)\s*;")
CODE_SHARE = 0.25  # a paragraph this much code is code
CODE_COUNT = 8  # or holding this many code shapes, however long its prose


def markup_kind(text: str) -> str | None:
    """The kind of code a paragraph is ("tag", "css", "script"), or None for text."""
    if not text or len(text) < 8 or not _ANY_SHAPE.search(text):
        return None
    covered = 0
    count = 0
    most, kind = 0, None
    for name, pattern in _SHAPES.items():
        spans = [m.end() - m.start() for m in pattern.finditer(text)]
        covered += sum(spans)
        count += len(spans)
        if sum(spans) > most:
            most, kind = sum(spans), name
    if count and (covered >= CODE_SHARE * len(text) or count >= CODE_COUNT):
        return kind
    return None


def without_code(text: str) -> str:
    """The text with its code taken out: "" for a paragraph of code; for prose with code glued
    before, after or inside it, the prose around the stretch of code."""
    if not _ANY_SHAPE.search(text):
        return text
    if markup_kind(text):
        return ""
    spans = [m.span() for pattern in _SHAPES.values() for m in pattern.finditer(text)]
    if len(spans) < 2:
        return text
    start, end = min(s for s, _ in spans), max(e for _, e in spans)
    if markup_kind(text[start:end]) is None:
        return text
    rest = (text[:start].strip(), text[end:].strip())
    return " ".join(r for r in rest if _LETTER.search(r) and not markup_kind(r))


_LETTER = re.compile(r"[^\W\d_]")


def code_share(article: Article) -> float:
    """How much of the article's text (title and body) is code, from 0 to 1."""
    texts = [article.title or "", *article.paragraphs]
    total = sum(map(len, texts))
    return 1 - sum(len(without_code(t)) for t in texts) / total if total else 0.0


def guarded(articles: list[Article], trace: list[Drop] | None = None) -> list[Article]:
    """The articles with every code paragraph (and a code title) taken out; an article whose
    whole body was code is dropped."""
    kept = []
    for article in articles:
        if article.title:
            article.title = _text(article.title, trace) or None
        for name in ("subtitle", "captions"):
            setattr(article, name, [t for t in map(lambda v: _text(v, trace), getattr(article, name)) if t])
        paragraphs = article.paragraphs
        shown = getattr(article, "page_code", "")
        body = [t for t in (p if shown and _shown(p, shown) else _text(p, trace) for p in paragraphs) if t]
        if body != paragraphs:
            article.body = "\n\n".join(body)
        if body:
            kept.append(article)
    return kept


def _shown(paragraph: str, code: str) -> bool:
    """Whether a paragraph is (a line of) the page's own code blocks, spaces aside (blocks that
    follow each other may come out as one line)."""
    text = "".join(paragraph.split())
    return len(text) >= 3 and text in code


def _text(value: str, trace: list[Drop] | None) -> str:
    """The value without its code; what was taken out is named in the trace."""
    kept = without_code(value)
    if kept != value and trace is not None:
        trace.append(Drop("markup", value[:2000]))
    return kept
