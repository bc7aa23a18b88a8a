"""Re-cleaning stored pages with the current cleaners, reporting what moved.

Each page is cleaned again with its own fetch time (`fetched=`), so site profiles choose
the layout version of the day it was fetched. Articles whose content changed are
reported with a short diff and, unless dry_run, stored with the new cleaner version;
unchanged articles are left alone (only their cleaner version is refreshed)."""
from __future__ import annotations

import difflib
import json
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from cleaners.model import Article, Page

from .store import CONTENT_FIELDS, article_keys, article_row, fields_hash

if TYPE_CHECKING:
    from .store import Store

DIFF_LINES = 12  # a short diff: enough to judge a cleaner fix, not a whole article


def short_diff(old: str, new: str, limit: int = DIFF_LINES) -> str:
    """A unified diff of two bodies by paragraph, cut to `limit` changed lines."""
    lines = [line for line in difflib.unified_diff(old.split("\n\n"), new.split("\n\n"), lineterm="", n=0)
             if not line.startswith(("---", "+++", "@@"))]
    if len(lines) > limit:
        lines = lines[:limit] + [f"... {len(lines) - limit} more changed paragraphs"]
    return "\n".join(line if len(line) <= 200 else line[:199] + "…" for line in lines)


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [name for name in CONTENT_FIELDS if (old.get(name) or None) != (new.get(name) or None)]


def page_ids(store: "Store", site: str | Iterable[str] | None = None) -> list[int]:
    """The stored pages (of `site`), in the order they were stored."""
    sql, params = "SELECT id FROM pages ORDER BY id", ()
    if site:
        sites = [site] if isinstance(site, str) else list(site)
        sql, params = f"SELECT id FROM pages WHERE site IN ({', '.join('?' * len(sites))}) ORDER BY id", tuple(sites)
    with store._errors():
        return [row[0] for row in store.conn.execute(sql, params)]


def one_by_one(clean: Callable[..., list[Article]]) -> Callable[[Iterator[tuple[int, Page]]], Iterator]:
    """`cleaned` for reclean(): `clean` on each page in turn, in this process."""
    def cleaned(pages: Iterator[tuple[int, Page]]) -> Iterator[tuple[int, Page, list[Article] | str]]:
        for page_id, page in pages:
            try:
                yield page_id, page, clean(page.body, page.url, fetched=page.fetched, source=page.source)
            except Exception as exc:  # a cleaner that fails on one page must not stop the rest
                yield page_id, page, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return cleaned


def reclean(store: "Store", clean: Callable[..., list[Article]] | None = None, site: str | Iterable[str] | None = None,
            dry_run: bool = False, cleaned: Callable[[Iterator[tuple[int, Page]]], Iterator] | None = None,
            ) -> Iterator[dict[str, Any]]:
    """Yield {"change": new|updated|unchanged|gone|error, "key", "url", "title", "page_id",
    "source", "fields", "diff", "cleaner"} per article of every stored page (of `site`).
    `cleaned` turns (page_id, Page) pairs into (page_id, Page, articles or an error reason),
    in the same order, e.g. on all cores (declutter reclean --jobs); default: `clean` page by page."""
    ids = page_ids(store, site)
    cleaned = cleaned or one_by_one(clean)
    run_id = None if dry_run else store.begin_run(
        "reclean", json.dumps({"site": site if site is None or isinstance(site, str) else list(site)}))
    counts = {"pages": 0, "new": 0, "updated": 0, "unchanged": 0, "duplicate": 0, "errors": 0, "gone": 0}
    try:
        for page_id, page, outcome in cleaned((page_id, store.page(page_id)) for page_id in ids):
            base = {"page_id": page_id, "source": page.source, "url": page.url, "run_id": run_id}
            articles = outcome
            if isinstance(outcome, str):
                reason = outcome
                counts["errors"] += 1
                if not dry_run:
                    store.record_error(page.source or page.url or f"page {page_id}", "reclean", reason, run_id)
                yield {**base, "change": "error", "reason": reason}
                continue
            counts["pages"] += 1
            key = store.conn.execute("SELECT key FROM pages WHERE id = ?", (page_id,)).fetchone()[0]
            keys = article_keys(key, articles)
            stored = {row["key"]: dict(row) for row in store.conn.execute(
                "SELECT * FROM articles WHERE page_id = ? OR key IN (%s)" % ", ".join("?" for _ in keys),
                (page_id, *keys))}
            for article, article_key in zip(articles, keys):
                row = article_row(article)
                old = stored.pop(article_key, None)
                item = {**base, "key": article_key, "url": article.url or page.url, "title": article.title,
                        "cleaner": article.cleaner}
                if old is None:
                    change, fields, diff = "new", [], ""
                elif old["fields_hash"] == fields_hash(row):
                    change, fields, diff = "unchanged", [], ""
                else:
                    change, fields = "updated", _changed_fields(old, row)
                    diff = []
                    for name in fields:
                        if name == "body":
                            diff.append(short_diff(old["body"] or "", row["body"] or ""))
                        else:
                            diff.append(f"{name}: {old[name]!r} -> {row[name]!r}")
                    diff = "\n".join(diff)
                    item["old_cleaner"] = old["cleaner"]
                counts[change] += 1
                yield {**item, "change": change, "fields": fields, "diff": diff}
            for old in stored.values():
                if old["page_id"] == page_id:
                    counts["gone"] += 1
                    yield {**base, "change": "gone", "key": old["key"], "url": old["url"], "title": old["title"],
                           "cleaner": old["cleaner"], "fields": [], "diff": ""}
            if not dry_run:
                store.save(page, articles, run_id)
    finally:
        if run_id is not None:
            store.end_run(run_id, counts)
