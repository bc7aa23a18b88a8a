"""Full-text search: what the index holds, and turning what a user types into an FTS5 query.

`articles_fts` (FTS5, unicode61, external content `articles`) indexes four columns: the
title and body as written, and their Korean analysed forms (`title_terms`, `body_terms`,
see storage.korean). A token query therefore finds 폭염 in 폭염이 and 사기 in 금융사기,
whoever asks: Datasette's search box (which detects the table and queries it with
`articles_fts MATCH '"폭염"'`) as well as `declutter search`. Ranking is bm25 with title
columns weighted five times body columns.

A user's plain words are searched as word starts, in the text and in its analysed forms,
and each word's own analysed form is searched too (금융사기를 also looks for 금융사기). A
query that uses FTS5 syntax is passed on untouched."""
from __future__ import annotations

import re

import sqlite_utils

from . import korean

_SYNTAX = re.compile(r'["*()^:+]|\b(?:AND|OR|NOT|NEAR)\b')
COLUMNS = ["title", "body", "title_terms", "body_terms"]
RANK = "bm25(5.0, 1.0, 5.0, 1.0)"   # title matches weigh more than body matches in `ORDER BY rank`


def fts_query(text: str) -> str:
    """The FTS5 MATCH expression for a user's query ('' for a blank one)."""
    text = text.strip()
    if not text or _SYNTAX.search(text):
        return text
    groups = []
    for word in text.split():
        readings = [f'"{word}"*']
        for forms in korean.query_forms(word):
            both = " AND ".join(f'"{form}"*' for form in forms)
            readings.append(f"({both})" if len(forms) > 1 else both)
        groups.append(readings[0] if len(readings) == 1 else f"({' OR '.join(readings)})")
    return " ".join(groups)


def index_terms_migration(db: sqlite_utils.Database) -> None:
    """Schema v5: add the analysed-form columns, analyse the articles stored so far, and
    rebuild the index over the four columns (once; about 10 ms per Korean article)."""
    have = {column.name for column in db["articles"].columns}
    for name in ("title_terms", "body_terms"):
        if name not in have:
            db.execute(f"ALTER TABLE articles ADD COLUMN {name} TEXT")
    rows = db.execute("SELECT id, title, body FROM articles WHERE title_terms IS NULL").fetchall()
    db.conn.executemany("UPDATE articles SET title_terms = ?, body_terms = ? WHERE id = ?",
                        ((korean.terms(title), korean.terms(body), id_) for id_, title, body in rows))
    db.execute("DROP TRIGGER IF EXISTS articles_au")
    db.execute("DROP TABLE IF EXISTS articles_fts")
    # sqlite-utils names the content table in the FTS definition, which is how Datasette
    # finds the index for the articles table's search box; it fills the index from the table
    db["articles"].enable_fts(COLUMNS, fts_version="FTS5", create_triggers=False, replace=True)
    db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', '{RANK}')")
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16)")  # as in v2
    # New rows are indexed by Store in one statement per transaction; updates re-index only
    # when an indexed column changes.
    cols = ", ".join(COLUMNS)
    old = ", ".join(f"old.{c}" for c in COLUMNS)
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    db.execute(
        f"CREATE TRIGGER articles_au AFTER UPDATE OF {cols} ON articles BEGIN "
        f"INSERT INTO articles_fts (articles_fts, rowid, {cols}) VALUES ('delete', old.rowid, {old}); "
        f"INSERT INTO articles_fts (rowid, {cols}) VALUES (new.rowid, {new}); END")


def mark(hit: dict, query: str, width: int = 60) -> dict:
    """A hit whose snippet has no [match] (its words matched only as analysed forms, as 폭염
    in 폭염이) gets one cut around the first place a query word or its form is written."""
    body = hit.pop("body", None) or ""
    if "[" in (hit.get("snippet") or ""):
        return hit
    needles = [word for word in query.split()]
    needles += [forms[0] for word in needles for forms in korean.query_forms(word)]
    found = [(body.find(n), n) for n in needles if n and body.find(n) >= 0]
    if found:
        at, needle = min(found)
        start = max(0, at - width // 2)
        hit["snippet"] = ("…" if start else "") + body[start:at] + f"[{needle}]" + body[at + len(needle):at + len(needle) + width] + "…"
    return hit
