"""Learned layouts in the database (`learned_layouts`), and learning them from stored pages.

A layout keeps its number while its shape (selectors, cuts, lines) stays the same, so
relearning a site from more pages does not rename what serves it; a changed shape gets the
next number, and the layouts a learning replaced stay in the table, inactive, for the record
(health reports name the layout that served each run). Learning itself is passed in
(`cleaners.learn.learn`), as `reclean` is passed its cleaner, so storage does not depend on
the cleaning code."""
from __future__ import annotations

import hashlib
import json
import zlib
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:
    from .store import Store

LEARN_PAGES = 1000   # the newest stored pages of a site that learning reads
_STATS = ("pages", "read", "checked", "served", "agreement", "version")


def site_of(url: str | None) -> str | None:
    """A stored page's site for learned layouts (cleaners.learn.site_of)."""
    from cleaners.learn import site_of as learned_site
    return learned_site(url)


def shape(layout: dict[str, Any]) -> str:
    """What makes two learned layouts the same layout: everything but their counts."""
    core = {k: v for k, v in layout.items() if k not in _STATS}
    return hashlib.sha256(json.dumps(core, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


def specs(store: "Store", site: str | None = None) -> dict[str, dict[str, Any]]:
    """The active learned profile spec of each site (or of `site`): {"site", "layouts"}."""
    sql = "SELECT site, version, spec FROM learned_layouts WHERE active = 1"
    params: tuple = ()
    if site:
        sql, params = sql + " AND site = ?", (site,)
    out: dict[str, dict[str, Any]] = {}
    with store._errors():
        for row in store.conn.execute(sql + " ORDER BY site, version", params):
            out.setdefault(row["site"], {"site": row["site"], "layouts": []})["layouts"].append(
                {**json.loads(row["spec"]), "version": row["version"]})
    return out


def rows(store: "Store", site: str | None = None, active_only: bool = False) -> list[dict[str, Any]]:
    sql = "SELECT * FROM learned_layouts"
    where, params = [], []
    if site:
        where.append("site = ?")
        params.append(site)
    if active_only:
        where.append("active = 1")
    if where:
        sql += " WHERE " + " AND ".join(where)
    with store._errors():
        return [dict(r) for r in store.conn.execute(sql + " ORDER BY site, version", params)]


def save(store: "Store", site: str, layouts: list[dict[str, Any]], run_id: int | None = None) -> list[int]:
    """Make `layouts` the site's active learned layouts; returns their numbers (in order).
    With no layouts, the site's active ones stay (a learning that found nothing sure does
    not take away what serves the site)."""
    if not layouts:
        return []
    from .store import now
    numbers = []
    with store._write():
        known = {r["shape"]: r["version"] for r in store.conn.execute(
            "SELECT shape, version FROM learned_layouts WHERE site = ?", (site,))}
        top = store.conn.execute("SELECT max(version) FROM learned_layouts WHERE site = ?", (site,)).fetchone()[0] or 0
        store.conn.execute("UPDATE learned_layouts SET active = 0 WHERE site = ?", (site,))
        for layout in layouts:
            key = shape(layout)
            version = known.get(key)
            if version is None:
                top += 1
                version = known[key] = top
            spec = json.dumps({k: v for k, v in layout.items() if k != "version"}, sort_keys=True, ensure_ascii=False)
            values = (spec, layout.get("pages"), layout.get("checked"), layout.get("served"),
                      layout.get("agreement"), now(), run_id)
            updated = store.conn.execute(
                "UPDATE learned_layouts SET spec=?, pages=?, checked=?, served=?, agreement=?, learned=?, run_id=?, "
                "active=1 WHERE site = ? AND version = ?", (*values, site, version)).rowcount
            if not updated:
                store.conn.execute(
                    "INSERT INTO learned_layouts (spec, pages, checked, served, agreement, learned, run_id, active, "
                    "site, version, shape) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)", (*values, site, version, key))
            numbers.append(version)
    return numbers


def site_page_ids(store: "Store") -> dict[str, list[int]]:
    """Stored page ids per site, oldest first."""
    out: dict[str, list[int]] = {}
    with store._errors():
        for row in store.conn.execute("SELECT id, url, final_url FROM pages ORDER BY id"):
            site = site_of(row["final_url"] or row["url"])
            if site:
                out.setdefault(site, []).append(row["id"])
    return out


def pages_of(store: "Store", ids: list[int]) -> Iterator[tuple[bytes, str | None]]:
    """(raw bytes, url) of stored pages, one at a time."""
    for page_id in ids:
        with store._errors():
            row = store.conn.execute("SELECT body, url, final_url FROM pages WHERE id = ?", (page_id,)).fetchone()
        if row is not None and row["body"] is not None:
            yield zlib.decompress(row["body"]), row["final_url"] or row["url"]


def learn_site(store: "Store", site: str, learn: Callable, ids: list[int] | None = None,
               run_id: int | None = None, limit: int = LEARN_PAGES):
    """Learn `site` from its newest stored pages (at most `limit`) and keep what is sure.
    Returns learn's result, its kept layouts numbered as stored."""
    if ids is None:
        ids = site_page_ids(store).get(site, [])
    ids = ids[-limit:]
    result = learn(pages_of(store, ids), site=site)
    kept = [report.spec for report in result.reports if report.spec is not None]
    numbers = save(store, site, kept, run_id)
    for report, number in zip((r for r in result.reports if r.spec is not None), numbers):
        report.version = report.spec["version"] = number
    return result
