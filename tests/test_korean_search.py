"""Korean search: a word finds its inflected and compound forms, in `declutter search` and in
Datasette's search box (run for real, in process, on the database file alone)."""
import asyncio
import json
import sqlite3

import pytest

from cleaners.model import Article, Page
from storage import Store, korean, schema
from storage.search import fts_query

from conftest import FIXTURES, run_cli

LABELLED = json.loads((FIXTURES / "search" / "korean.json").read_text(encoding="utf-8"))


def _article(key: str) -> Article:
    a = LABELLED["articles"][key]
    return Article(url=f"https://news.example/{key}", site="news.example", title=a["title"], body=a["body"], lang="ko")


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    path = tmp_path_factory.mktemp("kr") / "news.db"
    with Store(path) as store:
        for key in LABELLED["articles"]:
            article = _article(key)
            store.save(Page(url=article.url, body=article.body.encode()), [article])
    return path


def _keys(hits) -> set[str]:
    return {hit["url"].rsplit("/", 1)[1] for hit in hits}


def test_search_finds_every_labelled_answer(news):
    with Store(news, readonly=True) as store:
        missed = {q: sorted(set(want) - _keys(store.search(q, limit=50)))
                  for q, want in LABELLED["queries"].items()}
    assert {q: m for q, m in missed.items() if m} == {}


def test_cli_search_finds_particles_and_compound_parts(news):
    for query, want in [("폭염", "heat1"), ("사기", "fraud1"), ("폭염이", "heat3"), ("올랐다", "rate2")]:
        result = run_cli("search", "--db", news, query, "--format", "jsonl", "--limit", "50")
        assert result.returncode == 0, result.stderr
        assert want in {json.loads(line)["url"].rsplit("/", 1)[1] for line in result.stdout.splitlines()}, query


def test_title_matches_rank_first(news):
    # heat1 has 폭염 in its title (as 폭염이) and body; the others only in the body
    with Store(news, readonly=True) as store:
        hits = store.search("폭염")
    assert _keys(hits[:1]) == {"heat1"}
    assert "[" in hits[0]["snippet"]


def test_stem_only_match_gets_a_marked_snippet(news):
    with Store(news, readonly=True) as store:
        hits = store.search("폭염으로")  # written only as 폭염에/폭염이/폭염특보 elsewhere
    assert all("[" in hit["snippet"] for hit in hits) and len(hits) == 3


def test_query_forms():
    assert fts_query("금융사기를") == '("금융사기를"* OR "금융사기"*)'
    assert fts_query("사기") == '"사기"*'
    assert fts_query("KT") == '"KT"*'
    assert fts_query('"a phrase"') == '"a phrase"'


def _datasette_search(path, query: str) -> set[str]:
    from datasette.app import Datasette

    async def get():
        ds = Datasette([str(path)])  # the database file alone: no metadata, no options
        response = await ds.client.get(f"/{path.stem}/articles.json",
                                       params={"_search": query, "_shape": "array", "_col": "url"})
        assert response.status_code == 200, response.text
        return response.json()

    return {row["url"].rsplit("/", 1)[1] for row in asyncio.run(get())}


def test_datasette_search_box_finds_inflected_and_compound_forms(news):
    pytest.importorskip("datasette")
    assert _datasette_search(news, "폭염") == {"heat1", "heat2", "heat3"}
    assert _datasette_search(news, "사기") == {"fraud1", "fraud2", "fraud3"}
    assert _datasette_search(news, "금융사기") == {"fraud1"}
    assert _datasette_search(news, "오르다") == {"rate2"}


def test_old_database_is_reindexed_on_open(tmp_path):
    """A database of schema 4 (title and body indexed as written) gains the analysed forms."""
    path = tmp_path / "old.db"
    import sqlite_utils
    db = sqlite_utils.Database(path)
    for version in range(1, 5):
        schema.MIGRATIONS[version](db)
    db.execute("PRAGMA user_version = 4")
    db.execute("INSERT INTO articles (id, key, url, title, body) VALUES (1, 'k', 'https://x/1', '날씨', "
               "'전국에 폭염이 이어졌다.')")
    db.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (1, '날씨', '전국에 폭염이 이어졌다.')")
    db.conn.commit()
    db.close()
    assert not sqlite3.connect(path).execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"폭염\"'").fetchall()
    with Store(path) as store:
        assert [hit["id"] for hit in store.search("폭염")] == [1]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"폭염\"'").fetchall() == [(1,)]
    # an edit re-indexes through the trigger: the old forms leave the index
    conn.execute("UPDATE articles SET body = '비가 왔다.', body_terms = '비 오다' WHERE id = 1")
    conn.commit()
    assert not conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH '\"폭염\"'").fetchall()
    assert conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')") is not None


def test_clean_into_a_database_indexes_analysed_forms(tmp_path):
    """Through the CLI: the workers analyse, the stored row holds the forms."""
    page = tmp_path / "page.txt"
    paragraphs = [
        "연일 계속되는 폭염에 전국 곳곳에서 온열질환자가 지난해 같은 기간보다 두 배 가까이 늘어난 것으로 집계됐다.",
        "질병관리청은 한낮 기온이 가장 높은 오후 시간대에는 야외 작업과 운동을 되도록 자제해 달라고 당부했다.",
        "기상청은 이번 주말까지 남부 지방을 중심으로 낮 최고기온이 35도를 웃도는 무더위가 이어질 것으로 내다봤다.",
        "지방자치단체들은 무더위 쉼터를 늘리고 취약계층 가구를 직접 찾아가 건강 상태를 살피는 등 대책 마련에 나섰다.",
    ]
    page.write_text("폭염이 이어지며 온열질환자 급증\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    db = tmp_path / "news.db"
    result = run_cli("clean", page, "--db", db, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    row = sqlite3.connect(db).execute("SELECT title_terms, body_terms FROM articles").fetchone()
    assert "폭염" in row[0].split() and "폭염" in row[1].split() and "무더위" in row[1].split()
    found = run_cli("search", "--db", db, "폭염")
    assert found.returncode == 0 and "온열질환자" in found.stdout


def test_text_without_hangul_is_not_analysed():
    assert korean.terms("Heat wave grips the south") == ""
    assert korean.terms(None) == ""


def test_serve_writes_metadata_that_datasette_uses(news, tmp_path):
    pytest.importorskip("datasette")
    from datasette.app import Datasette
    meta = tmp_path / "meta.json"
    result = run_cli("serve", "--db", news, "--metadata", meta, "--metadata-only")
    assert result.returncode == 0, result.stderr
    assert "datasette" in result.stderr and str(meta) in result.stderr

    async def get():
        ds = Datasette([str(news)], metadata=json.loads(meta.read_text(encoding="utf-8")))
        ranked = await ds.client.get("/news/search.json", params={"words": "폭염", "_shape": "array"})
        table = await ds.client.get("/news/articles.json", params={"_search": "사기"})
        tables = await ds.client.get("/news.json")
        return ranked.json(), table.json(), tables.json()

    ranked, table, tables = asyncio.run(get())
    assert [row["url"].rsplit("/", 1)[1] for row in ranked][:1] == ["heat1"] and len(ranked) == 3
    assert {"title", "snippet", "site"} <= set(ranked[0]) and "body_terms" not in ranked[0]
    assert {"site", "publisher", "published"} <= set(table["facet_results"]["results"] if "results" in table["facet_results"] else table["facet_results"])
    shown = {t["name"] for t in tables["tables"] if not t["hidden"]}
    assert "articles" in shown and "article_bands" not in shown and "articles_fts" not in shown


def test_serve_refuses_a_missing_database(tmp_path):
    result = run_cli("serve", "--db", tmp_path / "nope.db", "--metadata-only")
    assert result.returncode == 1 and "no such database" in result.stderr
