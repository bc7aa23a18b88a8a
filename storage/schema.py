"""The database schema and its migrations; `PRAGMA user_version` records the version.

Migrations run inside one write transaction (BEGIN IMMEDIATE), and each is idempotent
(tables and indexes are created only if missing), so processes opening a new database at
once cannot trip over each other.

`PRAGMA application_id` stamps a file as declutter's, so another application's SQLite file
given by mistake is told apart from an empty one and left untouched (`identify`)."""
from __future__ import annotations

import sqlite_utils

VERSION = 6
APPLICATION_ID = 0x44434C54  # "DCLT" in the SQLite header (offset 68)
# tables every declutter database has had since version 1: how a file made before the stamp
# is recognised as ours
OWN_TABLES = {"pages", "articles", "runs", "errors", "fetch_state"}

ARTICLE_COLUMNS = {
    "id": int, "key": str, "url": str, "canonical_url": str, "site": str,
    "publisher": str, "original_url": str, "title": str,
    "subtitle": str, "authors": str, "published": str, "modified": str, "section": str,
    "body": str, "captions": str, "summary": str, "lang": str, "source": str,
    "cleaner": str, "cleaner_name": str, "cleaner_version": str,
    "content_hash": str, "fields_hash": str, "minhash": bytes,
    "duplicate_of": int, "near_duplicate_of": int, "page_id": int, "run_id": int,
    "first_seen": str, "last_updated": str,
}


def _v1(db: sqlite_utils.Database) -> None:
    db["pages"].create({
        "id": int, "key": str, "url": str, "final_url": str, "canonical_url": str,
        "canonical_final_url": str, "source": str, "site": str, "fetched": str, "status": int,
        "headers": str, "body": bytes, "size": int, "sha256": str, "run_id": int,
        "first_seen": str, "last_updated": str,
    }, pk="id", not_null=["key"], if_not_exists=True)
    db["articles"].create(ARTICLE_COLUMNS, pk="id", not_null=["key"], if_not_exists=True)
    # one B-tree, no rowid: eight random keys per article are the costliest index writes
    db.execute("CREATE TABLE IF NOT EXISTS article_bands (band INTEGER, article_id INTEGER, "
               "PRIMARY KEY (band, article_id)) WITHOUT ROWID")
    db["runs"].create({
        "id": int, "command": str, "args": str, "started": str, "ended": str, "pages": int,
        "articles_new": int, "articles_updated": int, "articles_unchanged": int,
        "articles_duplicate": int, "errors": int, "extra": str,
    }, pk="id", if_not_exists=True)
    db["errors"].create({"id": int, "source": str, "stage": str, "reason": str, "time": str,
                         "run_id": int}, pk="id", if_not_exists=True)
    db["fetch_state"].create({"url": str, "etag": str, "last_modified": str, "lastmod": str,
                              "updated": str}, pk="url", if_not_exists=True)
    # only what lookups need: a key is the canonical URL when there is one, so URL lookups
    # use the key indexes; every index costs each insert
    for table, columns, unique in [
        ("pages", ["key"], True), ("pages", ["canonical_final_url"], False), ("pages", ["site"], False),
        ("articles", ["key"], True), ("articles", ["content_hash"], False), ("articles", ["page_id"], False),
        ("articles", ["site", "published"], False), ("errors", ["run_id"], False),
    ]:
        db[table].create_index(columns, unique=unique, if_not_exists=True)
    if "articles_fts" not in db.table_names():
        db["articles"].enable_fts(["title", "body"], fts_version="FTS5", create_triggers=True)
        # title matches weigh more than body matches in `ORDER BY rank`
        db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(5.0, 1.0)')")
        # merge index segments in larger steps: cheaper bulk inserts (raised to 16 in v2)
        db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8)")
        # New rows are indexed by Store in one statement per transaction (a third cheaper than a
        # trigger per row); updates re-index only when the title or body changes.
        db.execute("DROP TRIGGER IF EXISTS articles_ai")
        db.execute("DROP TRIGGER IF EXISTS articles_au")
        db.execute(
            "CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN "
            "INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body); "
            "INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body); END")


def _v2(db: sqlite_utils.Database) -> None:
    # FTS5 merges 16 segments of a level at once rather than 8: each posting is rewritten
    # fewer times as the index grows (a quarter less full-text work per insert into 100,000
    # articles); searches stay well under 100 ms
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16)")


def _v3(db: sqlite_utils.Database) -> None:
    # a portal page's press and its own copy of the article (Article.publisher, original_url);
    # no index: `export --publisher` streams the table anyway, and each index costs every insert
    have = {column.name for column in db["articles"].columns}
    for name in ("publisher", "original_url"):
        if name not in have:
            db.execute(f"ALTER TABLE articles ADD COLUMN {name} TEXT")


def _v4(db: sqlite_utils.Database) -> None:
    # site health: what each run saw of each site (storage.health; README "Site health")
    db["site_runs"].create({
        "id": int, "run_id": int, "site": str, "command": str, "started": str, "state": str,
        "summary": str, "drift": str, "pages": int, "articles": int, "no_article": int,
        "profile": str, "profile_pages": int, "generic_pages": int, "cleaners": str,
        "title": float, "published": float, "authors": float, "captions": float,
        "body_median": float, "body_p10": float, "body_p25": float, "body_p75": float,
        "body_p90": float, "paragraphs_median": float, "paragraphs_p10": float,
        "paragraphs_p25": float, "paragraphs_p75": float, "paragraphs_p90": float,
        "rules": str, "sources": str,
    }, pk="id", if_not_exists=True)
    db["site_runs"].create_index(["site", "id"], if_not_exists=True)


def _v5(db: sqlite_utils.Database) -> None:
    # Korean analysed forms in the full-text index (storage.search, storage.korean)
    from .search import index_terms_migration
    index_terms_migration(db)


def _v6(db: sqlite_utils.Database) -> None:
    # layouts learned from a site's own stored pages (storage.learned, cleaners.learn): one row
    # per layout and version; `active` marks those cleaning now, older ones stay for the record
    db["learned_layouts"].create({
        "id": int, "site": str, "version": int, "shape": str, "spec": str, "pages": int,
        "checked": int, "served": float, "agreement": float, "learned": str, "run_id": int,
        "active": int,
    }, pk="id", if_not_exists=True)
    db["learned_layouts"].create_index(["site", "version"], unique=True, if_not_exists=True)


MIGRATIONS = {1: _v1, 2: _v2, 3: _v3, 4: _v4, 5: _v5, 6: _v6}


def identify(conn) -> str:
    """What an open SQLite file holds, read without writing: "ours" (stamped), "empty" (no
    schema: a new file), "unstamped" (declutter's tables from before the stamp) or "foreign"."""
    if conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
        return "ours"
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if not names and version == 0:
        return "empty"
    if conn.execute("PRAGMA application_id").fetchone()[0] == 0 and version >= 1 and OWN_TABLES <= names:
        return "unstamped"
    return "foreign"


def migrate(db: sqlite_utils.Database) -> None:
    """Bring the database up to VERSION and stamp it as declutter's."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    if current > VERSION:
        raise ValueError(f"schema version {current} is newer than this declutter ({VERSION})")
    for version in range(current + 1, VERSION + 1):
        MIGRATIONS[version](db)
        db.execute(f"PRAGMA user_version = {version}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
