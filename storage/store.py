"""`Store`: pages, articles, runs and errors in one SQLite file (WAL mode, via sqlite-utils).

Writes go through explicit `BEGIN IMMEDIATE ... COMMIT` transactions on an autocommit
connection, so a page and its articles land together or not at all, whatever kills the
process. Readers in other processes see the last committed state (WAL)."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import sqlite_utils

from cleaners.model import Article, Page

from . import fingerprint, korean, schema
from .urls import by_canonical as group_urls, canonical_url

LIST_FIELDS = ("subtitle", "authors", "captions", "summary")
# what "the article changed" means: everything the cleaner says about it but where it came
# from (url spelling, source) and which cleaner said it
CONTENT_FIELDS = ("site", "publisher", "original_url", "title", "subtitle", "authors", "published",
                  "modified", "section", "body", "captions", "summary", "lang")
# fields added after articles were first stored: hashed only when set, so an article stored
# before them (or one without them) keeps its hash and a reclean does not call it updated
HASHED_WHEN_SET = ("publisher", "original_url")
COUNT_COLUMNS = {"pages": "pages", "errors": "errors", "new": "articles_new",
                 "updated": "articles_updated", "unchanged": "articles_unchanged",
                 "duplicate": "articles_duplicate"}
EXPORT_COLUMNS = ("id", "key", "url", "canonical_url", "site", "publisher", "original_url", "title", "subtitle", "authors",
                  "published", "modified", "section", "body", "captions", "summary", "lang",
                  "source", "cleaner", "cleaner_version", "content_hash", "duplicate_of",
                  "near_duplicate_of", "first_seen", "last_updated")
DEFAULT_BUSY_TIMEOUT = 30.0
FOREIGN = "{path}: not a declutter database (another application's SQLite file); left untouched"
_LOOKUP_CHUNK = 500  # bound parameters per IN (...) query
# json.dumps(..., ensure_ascii=False) builds a new encoder on every call; one shared encoder
# gives the same text, several times per article cheaper
_to_json = json.JSONEncoder(ensure_ascii=False).encode


class StoreError(Exception):
    """The database cannot be used: not SQLite, read-only, full, locked, or a bad query."""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _split_cleaner(cleaner: str | None) -> tuple[str | None, str | None]:
    """'generic/0' -> ('generic', '0'); a cleaner without a version keeps None."""
    if not cleaner:
        return None, None
    name, sep, version = cleaner.rpartition("/")
    return (name, version) if sep else (cleaner, None)


def _explain(exc: sqlite3.Error, path: str) -> str:
    message = str(exc)
    low = message.lower()
    if "not a database" in low:
        return f"{path}: not a SQLite database"
    if "readonly" in low or "read-only" in low:
        return f"{path}: the database is read-only, cannot write to it"
    if "full" in low:
        return f"{path}: database or disk is full, nothing more can be stored"
    if "disk i/o error" in low:  # e.g. a write the OS refused (no space, file size limit, failing disk)
        return f"{path}: the disk refused a write ({message}); is it full?"
    if "unable to open" in low:
        folder = os.path.dirname(os.path.abspath(path))
        if os.path.exists(path) and not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
            # a WAL database needs its -wal and -shm files beside it: a read-only disk or folder
            return f"{path}: the database is read-only (its disk or folder cannot be written), cannot write to it"
        return f"{path}: cannot open the database file"
    if "locked" in low or "busy" in low:
        return f"{path}: the database is locked by another writer"
    if "malformed" in low or "corrupt" in low:
        return f"{path}: the database file is damaged ({message})"
    return f"{path}: {message}"


def busy_timeout() -> float:
    """Seconds a write waits for another process's lock: DECLUTTER_BUSY_TIMEOUT, default 30."""
    value = os.environ.get("DECLUTTER_BUSY_TIMEOUT", "").strip()
    if not value:
        return DEFAULT_BUSY_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise StoreError(f"DECLUTTER_BUSY_TIMEOUT={value!r}: expected seconds, from 0 to 86400")
    return seconds


def _check_path(path: str, readonly: bool) -> None:
    """Path mistakes as one line, before SQLite makes them a vaguer one (or creates a file)."""
    where = Path(path)
    if where.is_dir():
        raise StoreError(f"{path}: cannot open: a folder, not a database file")
    if not where.parent.is_dir():
        raise StoreError(f"{path}: cannot open: no such folder {str(where.parent)!r}")
    if readonly and not where.exists():
        raise StoreError(f"{path}: no such database")


def article_keys(page_key: str, articles: list[Article]) -> list[str]:
    """Stable keys: the canonical URL (with #n for a URL repeated on one page), else the
    page's key plus the article's index on the page. The entries of a listing (a page of
    several articles, each naming another URL) are keyed `URL#listed-on=PAGE`: the article
    page of the same URL keeps its own row, so neither overwrites the other whatever the
    order they are cleaned in."""
    seen: Counter[str] = Counter()
    keys = []
    listing = len(articles) > 1 and "://" in page_key
    for index, article in enumerate(articles):
        url = canonical_url(article.url)
        if url and listing and url != page_key:
            url = f"{url}#listed-on={page_key}"
        if url:
            n = seen[url]
            seen[url] += 1
            keys.append(url if n == 0 else f"{url}#{n}")
        else:
            keys.append(f"{page_key}#{index}")
    return keys


def page_key(page: Page, sha256: str) -> str:
    """The canonical URL asked for, else the saved file's absolute path, else the raw bytes' hash."""
    url = canonical_url(page.url)
    if url:
        return url
    if page.source:
        # a saved file counts as the same page from whichever folder it is cleaned
        source = page.source if "://" in page.source else os.path.abspath(page.source)
        return f"source:{source}"
    return f"sha256:{sha256}"


def article_row(article: Article) -> dict[str, Any]:
    """An Article as column values (lists as JSON, times as ISO strings)."""
    data = article.to_dict()
    for name in LIST_FIELDS:
        data[name] = _to_json(data[name] or [])
    return data


def fields_hash(row: dict[str, Any]) -> str:
    values: list[Any] = [row[name] for name in CONTENT_FIELDS if name not in HASHED_WHEN_SET]
    later = {name: row[name] for name in HASHED_WHEN_SET if row.get(name)}
    if later:
        values.append(later)
    content = _to_json(values)
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def row_to_dict(row: sqlite3.Row) -> dict[str, Any]:
    """A stored article as JSON-ready values: Article fields plus its storage facts."""
    out = {name: row[name] for name in row.keys() if name in EXPORT_COLUMNS}
    for name in LIST_FIELDS:
        if name in out:
            out[name] = json.loads(out[name]) if out[name] else []
    return out


def _bound(value: str | date | datetime | None, upper: bool) -> tuple[str, str] | None:
    """A --since/--until value as (operator, ISO string) on the published column.

    A bare date means the whole day in the article's own local time, so `until` of a date
    is exclusive of the next day."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        except ValueError:
            raise StoreError(f"not a date: {value!r} (use YYYY-MM-DD or an ISO 8601 time)") from None
    if isinstance(value, datetime):
        return ("<=" if upper else ">=", value.isoformat())
    if upper:
        return ("<", (value + timedelta(days=1)).isoformat())
    return (">=", value.isoformat())


class Store:
    """A declutter database. See the package docstring for the whole API."""

    def __init__(self, path: str | Path, readonly: bool = False) -> None:
        """Open (for writing: create or migrate) the database at `path`. A reader opens the
        file read-only, and reads a file on a read-only disk or folder as it stands. Another
        application's SQLite file is refused and left untouched. How long a write waits for
        another process's lock: DECLUTTER_BUSY_TIMEOUT seconds (default 30)."""
        self.path = str(path)
        self.readonly = readonly
        timeout = busy_timeout()
        _check_path(self.path, readonly)
        try:
            if readonly:
                uri = Path(self.path).resolve().as_uri()
                self.conn = sqlite3.connect(uri + "?mode=ro", uri=True, isolation_level=None, timeout=timeout,
                                            check_same_thread=False)
            else:
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=timeout,
                                            check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None
        self.conn.row_factory = sqlite3.Row
        self.db = sqlite_utils.Database(self.conn)
        try:
            with self._errors():
                self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
                if readonly:
                    try:
                        kind = schema.identify(self.conn)
                    except sqlite3.OperationalError as exc:
                        low = str(exc).lower()
                        if "readonly" not in low and "unable to open" not in low:
                            raise
                        # a WAL database on a read-only disk or in a folder we cannot write to
                        # (no -shm file can be made): no writer can be active there, so read
                        # the file as it stands
                        self.conn.close()
                        self.conn = sqlite3.connect(uri + "?immutable=1", uri=True, isolation_level=None,
                                                    check_same_thread=False)
                        self.conn.row_factory = sqlite3.Row
                        self.db = sqlite_utils.Database(self.conn)
                        kind = schema.identify(self.conn)
                    if kind == "foreign":
                        raise StoreError(FOREIGN.format(path=self.path))
                    version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                    if version != schema.VERSION:
                        raise StoreError(f"{self.path}: not a declutter database of schema version "
                                         f"{schema.VERSION} (found {version})")
                else:
                    self._open_for_writing()
        except BaseException:
            self.conn.close()
            raise

    def _open_for_writing(self) -> None:
        # before anything writes (switching to WAL rewrites the header): a file of another
        # application stays as it was
        kind = schema.identify(self.conn)
        if kind == "foreign":
            raise StoreError(FOREIGN.format(path=self.path))
        mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise StoreError(f"{self.path}: cannot switch the database to WAL mode ({mode})")
        # in WAL mode NORMAL never corrupts; a power cut may lose only the last commits
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: the indexes of a big database stay hot
        # checkpoint every ~100 MB rather than 4 MB: each transaction of bulk inserts rewrites
        # thousands of scattered index pages (MinHash bands, content hashes), and a checkpoint
        # copies each page back once however many transactions rewrote it, with fewer fsyncs;
        # the WAL file is cut back to 64 MB after
        self.conn.execute("PRAGMA wal_autocheckpoint = 25000")
        self.conn.execute("PRAGMA journal_size_limit = 67108864")
        self.conn.execute("PRAGMA foreign_keys = ON")
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > schema.VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this declutter")
        if version < schema.VERSION or kind != "ours":
            with self._write():  # creates, migrates and stamps (a file made before the stamp too)
                schema.migrate(self.db)
        else:
            # a write lock now, so a read-only file fails here with a clear error, not mid-run
            with self._write():
                pass

    # -- plumbing ---------------------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction; any failure rolls all of it back."""
        if self.readonly:
            raise StoreError(f"{self.path}: opened read-only")
        with self._errors():
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs and errors --------------------------------------------------------------------

    def begin_run(self, command: str, args: str = "") -> int:
        """Open a run record; returns its id for save/record_error/end_run."""
        with self._write():
            cur = self.conn.execute("INSERT INTO runs (command, args, started) VALUES (?, ?, ?)",
                                    (command, args, now()))
        return int(cur.lastrowid)

    def end_run(self, run_id: int, counts: dict[str, int] | None = None) -> None:
        """Close a run with its counts: pages, articles_new/updated/unchanged/duplicate,
        errors (the short keys new/updated/... that save() returns work too); other keys
        are kept in the run's `extra` JSON."""
        values: dict[str, Any] = {"ended": now()}
        extra = {}
        for name, value in (counts or {}).items():
            column = COUNT_COLUMNS.get(name, name)
            if column in COUNT_COLUMNS.values():
                values[column] = int(value)
            else:
                extra[name] = value
        if extra:
            values["extra"] = json.dumps(extra, ensure_ascii=False)
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self._write():
            self.conn.execute(f"UPDATE runs SET {assignments} WHERE id = ?", (*values.values(), run_id))

    def record_error(self, source: str, stage: str, reason: str, run_id: int | None = None) -> None:
        """Remember an input that could not be handled, and why."""
        with self._write():
            self.conn.execute("INSERT INTO errors (source, stage, reason, time, run_id) VALUES (?, ?, ?, ?, ?)",
                              (source, stage, reason, now(), run_id))

    # -- saving -----------------------------------------------------------------------------

    def save(self, page: Page, articles: list[Article], run_id: int | None = None) -> dict[str, int]:
        """Store a page and its articles in one transaction; returns counts of articles
        {"new", "updated", "unchanged", "duplicate"}."""
        return self.save_many([(page, articles)], run_id)

    def save_many(self, items: Iterable[tuple[Page, list[Article]]], run_id: int | None = None) -> dict[str, int]:
        """Like save() for many pages in one transaction: the fast path for bulk loads."""
        counts = {"new": 0, "updated": 0, "unchanged": 0, "duplicate": 0}
        inserted: list[int] = []
        with self._write():
            for page, articles in items:
                stamp = now()
                page_id, key = self._save_page(page, articles, run_id, stamp)
                for article, article_key in zip(articles, article_keys(key, articles)):
                    counts[self._save_article(article, article_key, page_id, run_id, stamp, inserted)] += 1
            self._index(inserted)
        return counts

    def _index(self, ids: list[int]) -> None:
        """Add new articles to the full-text index, one statement per run of consecutive ids
        (inside the saving transaction, so the index never lags the table)."""
        start = 0
        for i in range(1, len(ids) + 1):
            if i == len(ids) or ids[i] != ids[i - 1] + 1:
                self.conn.execute("INSERT INTO articles_fts (rowid, title, body, title_terms, body_terms) "
                                  "SELECT id, title, body, title_terms, body_terms "
                                  "FROM articles WHERE id BETWEEN ? AND ?", (ids[start], ids[i - 1]))
                start = i

    def _save_page(self, page: Page, articles: list[Article], run_id: int | None, stamp: str) -> tuple[int, str]:
        sha = hashlib.sha256(page.body).hexdigest()
        key = page_key(page, sha)
        site = next((a.site for a in articles if a.site), None)
        facts = (page.url, page.final_url, canonical_url(page.url), canonical_url(page.final_url),
                 page.source, site, _iso(page.fetched), page.status,
                 _to_json(dict(page.headers or {})), run_id)
        found = self.conn.execute("SELECT id, sha256, url, final_url, canonical_url, canonical_final_url, "
                                  "source, site, fetched, status, headers FROM pages WHERE key = ?", (key,)).fetchone()
        if found and found["sha256"] == sha:
            stored = tuple(found)[2:]
            if stored == facts[:5] + (site or stored[5],) + facts[6:9]:
                return found["id"], key  # seen before, as it was: no write at all
            self.conn.execute(
                "UPDATE pages SET url=?, final_url=?, canonical_url=?, canonical_final_url=?, source=?, "
                "site=COALESCE(?, site), fetched=?, status=?, headers=?, run_id=? WHERE id=?",
                (*facts, found["id"]))
            return found["id"], key
        body = zlib.compress(page.body, 6)
        if found:
            self.conn.execute(
                "UPDATE pages SET url=?, final_url=?, canonical_url=?, canonical_final_url=?, source=?, "
                "site=COALESCE(?, site), fetched=?, status=?, headers=?, run_id=?, body=?, size=?, "
                "sha256=?, last_updated=? WHERE id=?",
                (*facts, body, len(page.body), sha, stamp, found["id"]))
            return found["id"], key
        cur = self.conn.execute(
            "INSERT INTO pages (url, final_url, canonical_url, canonical_final_url, source, site, "
            "fetched, status, headers, run_id, body, size, sha256, first_seen, last_updated, key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*facts, body, len(page.body), sha, stamp, stamp, key))
        return int(cur.lastrowid), key

    def _save_article(self, article: Article, key: str, page_id: int, run_id: int | None, stamp: str,
                      inserted: list[int]) -> str:
        row = article_row(article)
        digest = fields_hash(row)
        name, version = _split_cleaner(article.cleaner)
        found = self.conn.execute("SELECT id, fields_hash, cleaner, page_id, minhash FROM articles WHERE key = ?",
                                  (key,)).fetchone()
        if found and found["fields_hash"] == digest:
            if (found["cleaner"], found["page_id"]) != (article.cleaner, page_id):
                self.conn.execute("UPDATE articles SET cleaner=?, cleaner_name=?, cleaner_version=?, "
                                  "page_id=? WHERE id=?", (article.cleaner, name, version, page_id, found["id"]))
            return "unchanged"
        chash, linkable = fingerprint.content_hash(article.body)
        signature = fingerprint.minhash(article.body) if linkable else None
        bands = fingerprint.band_keys(signature) if signature is not None else []
        exclude = found["id"] if found else -1
        duplicate_of = near_of = None
        if linkable:
            dup = self.conn.execute("SELECT id FROM articles WHERE content_hash = ? AND duplicate_of IS NULL "
                                    "AND id != ? ORDER BY id LIMIT 1", (chash, exclude)).fetchone()
            duplicate_of = dup["id"] if dup else None
            if duplicate_of is None:
                near_of = self._near_duplicate(signature, bands, exclude)
        values = {**row, "canonical_url": canonical_url(article.url), "cleaner_name": name,
                  "cleaner_version": version, "content_hash": chash, "fields_hash": digest,
                  "minhash": signature, "duplicate_of": duplicate_of, "near_duplicate_of": near_of,
                  "page_id": page_id, "run_id": run_id, "last_updated": stamp}
        values["title_terms"], values["body_terms"] = korean.index_terms(article)
        if found:
            article_id = found["id"]
            assignments = ", ".join(f"{name} = ?" for name in values)
            self.conn.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*values.values(), article_id))
            if found["minhash"] is not None:
                self.conn.executemany("DELETE FROM article_bands WHERE band = ? AND article_id = ?",
                                      [(band, article_id) for band in fingerprint.band_keys(found["minhash"])])
            kind = "updated"
        else:
            values.update(key=key, first_seen=stamp)
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            cur = self.conn.execute(f"INSERT INTO articles ({columns}) VALUES ({marks})", tuple(values.values()))
            article_id = int(cur.lastrowid)
            inserted.append(article_id)
            kind = "duplicate" if duplicate_of else "new"
        if signature is not None and duplicate_of is None:
            self.conn.executemany("INSERT OR IGNORE INTO article_bands (band, article_id) VALUES (?, ?)",
                                  [(band, article_id) for band in bands])
        return kind

    def _near_duplicate(self, signature: bytes, bands: list[int], exclude: int) -> int | None:
        """The stored story this text is a near-duplicate of (its first version), if any."""
        if not bands:
            return None
        marks = ", ".join("?" for _ in bands)
        rows = self.conn.execute(
            f"SELECT DISTINCT a.id, a.minhash, a.near_duplicate_of FROM article_bands b "
            f"JOIN articles a ON a.id = b.article_id WHERE b.band IN ({marks}) AND a.id != ?",
            (*bands, exclude)).fetchall()
        best, best_score = None, fingerprint.NEAR
        for row in rows:
            score = fingerprint.similarity(signature, row["minhash"])
            if score >= best_score and (best is None or score > best_score):
                best, best_score = row["near_duplicate_of"] or row["id"], score
        return best

    # -- lookups for the crawler ------------------------------------------------------------

    def has_url(self, url: str) -> bool:
        """Whether a page or article with this URL (canonicalised) is stored."""
        return bool(self.known_urls([url]))

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The subset of `urls` (as given) whose canonical form is a stored page or article URL."""
        by_canonical = group_urls(urls)
        wanted = list(by_canonical)
        known: set[str] = set()
        with self._errors():
            for start in range(0, len(wanted), _LOOKUP_CHUNK):
                chunk = wanted[start:start + _LOOKUP_CHUNK]
                marks = ", ".join("?" for _ in chunk)
                for sql in (f"SELECT key FROM pages WHERE key IN ({marks})",
                            f"SELECT canonical_final_url FROM pages WHERE canonical_final_url IN ({marks})",
                            f"SELECT key FROM articles WHERE key IN ({marks})"):
                    for (found,) in self.conn.execute(sql, chunk):
                        known.update(by_canonical.get(found, ()))
        return known

    def get_validators(self, url: str) -> dict[str, str | None]:
        """Stored etag / last_modified (HTTP) and lastmod (sitemap) of a URL; {} if none."""
        with self._errors():
            row = self.conn.execute("SELECT etag, last_modified, lastmod, updated FROM fetch_state WHERE url = ?",
                                    (canonical_url(url) or url,)).fetchone()
        return dict(row) if row else {}

    def set_validators(self, url: str, etag: str | None = None, last_modified: str | None = None,
                       lastmod: str | None = None) -> None:
        """Remember validators for a URL; a None argument leaves the stored value as it is."""
        with self._write():
            self.conn.execute(
                "INSERT INTO fetch_state (url, etag, last_modified, lastmod, updated) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET etag = COALESCE(excluded.etag, etag), "
                "last_modified = COALESCE(excluded.last_modified, last_modified), "
                "lastmod = COALESCE(excluded.lastmod, lastmod), updated = excluded.updated",
                (canonical_url(url) or url, etag, last_modified, lastmod, now()))

    # -- reading ----------------------------------------------------------------------------

    def export(self, site: str | Iterable[str] | None = None, since: str | date | None = None,
               until: str | date | None = None, publisher: str | None = None) -> Iterator[dict[str, Any]]:
        """Every stored article (duplicates included, marked by duplicate_of) in storage
        order, one at a time: memory stays flat however large the database. `site` is the
        host a page lived on, or several (a registered site's hosts: cleaners.sites.hosts_of),
        `publisher` the press (a portal's partner, e.g. 연합뉴스)."""
        where, params = [], []
        if site:
            sites = [site] if isinstance(site, str) else list(site)
            where.append(f"site IN ({', '.join('?' * len(sites))})")
            params.extend(sites)
        if publisher:
            where.append("publisher = ?")
            params.append(publisher)
        for value, upper in ((since, False), (until, True)):
            bound = _bound(value, upper)
            if bound:
                where.append(f"published {bound[0]} ?")
                params.append(bound[1])
        sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        with self._errors():
            cursor = self.conn.execute(sql, params)
            try:
                while rows := cursor.fetchmany(500):
                    for row in rows:
                        yield row_to_dict(row)
            finally:
                cursor.close()

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search on title and body, best first; each hit has `snippet` and `rank`
        (lower is better). Plain words match word starts (Korean particles follow the
        word); FTS5 syntax (quotes, AND/OR/NOT, NEAR, *) is used as written."""
        from .search import fts_query, mark
        match = fts_query(query)
        if not match:
            raise StoreError("empty search query")
        sql = ("SELECT a.id, a.key, a.url, a.site, a.title, a.published, a.source, a.body, "
               "snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet, articles_fts.rank AS rank "
               "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
               "WHERE articles_fts MATCH ? AND a.duplicate_of IS NULL ORDER BY articles_fts.rank LIMIT ?")
        try:
            rows = self.conn.execute(sql, (match, int(limit))).fetchall()
        except sqlite3.OperationalError as exc:
            message = _explain(exc, self.path)
            if message == f"{self.path}: {exc}":  # not a database-level failure: the query itself
                message = f"bad search query {query!r}: {exc}"
            raise StoreError(message) from None
        except sqlite3.Error as exc:
            raise StoreError(_explain(exc, self.path)) from None
        return [mark(dict(row), query) for row in rows]

    def site_names(self) -> list[str]:
        """Every site the database names: its articles', pages' and site health's."""
        with self._errors():
            return [r[0] for r in self.conn.execute(
                "SELECT site FROM articles UNION SELECT site FROM pages UNION SELECT site FROM site_runs")
                if r[0]]

    def stats(self, days: int = 30) -> dict[str, Any]:
        """Totals, articles per site and per site and day (the last `days` days with
        articles), the last runs and the errors."""
        q = lambda sql, *p: [dict(r) for r in self.conn.execute(sql, p)]  # noqa: E731
        with self._errors():
            one = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
            return {
                "pages": one("SELECT count(*) FROM pages"),
                "articles": one("SELECT count(*) FROM articles"),
                "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
                "near_duplicates": one("SELECT count(*) FROM articles WHERE near_duplicate_of IS NOT NULL"),
                "sites": q("SELECT site, count(*) AS articles, min(published) AS first, max(published) AS last "
                           "FROM articles GROUP BY site ORDER BY articles DESC"),
                "days": q("WITH d AS (SELECT site, substr(COALESCE(published, first_seen), 1, 10) AS day "
                          "FROM articles) SELECT site, day, count(*) AS articles FROM d WHERE day IN "
                          "(SELECT DISTINCT day FROM d ORDER BY day DESC LIMIT ?) "
                          "GROUP BY site, day ORDER BY day DESC, articles DESC", days),
                # a run's site: the sites its health figures were recorded under (storage.health)
                "runs": q("SELECT r.*, (SELECT group_concat(DISTINCT s.site) FROM site_runs s WHERE s.run_id = r.id) "
                          "AS site FROM runs r ORDER BY r.id DESC LIMIT 10"),
                "errors": {
                    "total": one("SELECT count(*) FROM errors"),
                    "by_stage": {r["stage"]: r["n"] for r in q("SELECT stage, count(*) AS n FROM errors GROUP BY stage")},
                    "recent": q("SELECT * FROM errors ORDER BY id DESC LIMIT 10"),
                },
            }

    def page(self, page_id: int) -> Page:
        """A stored raw page, as fetched (body decompressed)."""
        with self._errors():
            row = self.conn.execute("SELECT * FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is None:
            raise StoreError(f"{self.path}: no page {page_id}")
        return Page(url=row["url"], body=zlib.decompress(row["body"]), final_url=row["final_url"],
                    fetched=datetime.fromisoformat(row["fetched"]) if row["fetched"] else None,
                    status=row["status"], headers=json.loads(row["headers"] or "{}"), source=row["source"])

    def reclean(self, site: str | None = None, dry_run: bool = False, *,
                clean: Callable[..., list[Article]]) -> Iterator[dict[str, Any]]:
        """Re-run `clean` on stored pages and yield one change dict per article; see
        storage.reclean. `clean` is passed in (e.g. cleaners.clean_strict) so that storage
        does not depend on the cleaning code."""
        from .reclean import reclean
        return reclean(self, clean, site=site, dry_run=dry_run)
