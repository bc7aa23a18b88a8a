"""Datasette metadata for a declutter database: what a reader needs first, internals tucked away.

Datasette 0.65 shows a table's every column and cannot hide some, so the reader's views are
canned queries: `search` (ranked like `declutter search`, with a snippet; words as the index
holds them: 폭염 finds 폭염이 and 폭염에) and `latest` (the newest articles, reader columns
only). The `articles` table keeps its search box and gets facets by site, publisher and day;
the index, band and fetch-state tables are hidden."""
from __future__ import annotations

from pathlib import Path
from typing import Any

READER_COLUMNS = "a.id, a.title, a.site, a.publisher, a.published, a.url"
HIDDEN_TABLES = ["article_bands", "fetch_state", "articles_fts", "articles_fts_config", "articles_fts_data",
                 "articles_fts_docsize", "articles_fts_idx", "site_runs"]
INTERNAL_COLUMNS = {
    "key": "internal: the stored key (canonical URL, or the saved file)",
    "canonical_url": "internal: the URL as compared",
    "content_hash": "internal: duplicate detection", "fields_hash": "internal: change detection",
    "minhash": "internal: near-duplicate detection",
    "title_terms": "internal: the title's Korean analysed forms, for search",
    "body_terms": "internal: the body's Korean analysed forms, for search",
    "page_id": "internal: the raw page (pages.id)", "run_id": "internal: the run that stored it",
}


def metadata(db: str | Path) -> dict[str, Any]:
    """Metadata for `datasette DB -m FILE` (JSON; Datasette reads YAML too)."""
    name = Path(db).stem
    return {
        "title": f"declutter: {Path(db).name}",
        "description": "Articles kept by declutter. Search finds Korean words with their particles "
                       "and inside compounds (폭염 finds 폭염이, 사기 finds 금융사기).",
        "databases": {name: {
            "tables": {
                "articles": {
                    "label_column": "title",
                    "sort_desc": "published",
                    "facets": ["site", "publisher", {"date": "published"}],
                    "fts_table": "articles_fts", "fts_pk": "id",
                    "columns": {**INTERNAL_COLUMNS,
                                "site": "the host the page lives on (a portal's host on a portal)",
                                "publisher": "the press that wrote it, on a portal page",
                                "duplicate_of": "the first stored copy of the same text"},
                },
                **{table: {"hidden": True} for table in HIDDEN_TABLES},
            },
            "queries": {
                "search": {
                    "title": "Search articles, best first",
                    "sql": f"SELECT {READER_COLUMNS}, snippet(articles_fts, 1, '[', ']', '…', 16) AS snippet "
                           "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                           "WHERE articles_fts MATCH escape_fts(:words) AND a.duplicate_of IS NULL "
                           "ORDER BY articles_fts.rank LIMIT 100",
                },
                "latest": {
                    "title": "Newest articles",
                    "sql": f"SELECT {READER_COLUMNS}, substr(a.body, 1, 200) AS opening FROM articles a "
                           "WHERE a.duplicate_of IS NULL AND (:site = '' OR a.site = :site) "
                           "ORDER BY COALESCE(a.published, a.first_seen) DESC LIMIT 200",
                },
            },
        }},
    }
