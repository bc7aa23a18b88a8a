"""Turning what a user types into an FTS5 query.

FTS5's unicode61 tokenizer splits on spaces and punctuation, but Korean particles are
written onto the word ("금융사기를"), so plain words are searched as prefixes: 금융사기
finds 금융사기를 and 금융사기범. A query that uses FTS5 syntax is passed on untouched."""
from __future__ import annotations

import re

_SYNTAX = re.compile(r'["*()^:+]|\b(?:AND|OR|NOT|NEAR)\b')


def fts_query(text: str) -> str:
    """The FTS5 MATCH expression for a user's query ('' for a blank one)."""
    text = text.strip()
    if not text or _SYNTAX.search(text):
        return text
    return " ".join(f'"{word}"*' for word in text.split())
