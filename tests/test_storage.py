"""storage.Store on real SQLite files: schema, upsert, dedup, lookups, export, search, stats."""
import json
import os
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from cleaners.model import Article, Page
from conftest import SEEDS
from storage import Store, StoreError, canonical_url
from storage import fingerprint, schema

KST = timezone(timedelta(hours=9))


def seed_paragraphs(index):
    """Real Korean prose lines from a seed dump (long lines are article paragraphs)."""
    path = sorted(SEEDS.glob("*.txt"))[index]
    return [line for line in path.read_text(encoding="utf-8").splitlines() if len(line) >= 40]


def article(url, body, title="제목", site="example", published=None, cleaner="generic/1", **kw):
    return Article(url=url, site=site, title=title, body=body, published=published, cleaner=cleaner,
                   lang="ko", **kw)


def page(url, raw=b"<html>raw</html>", **kw):
    return Page(url=url, body=raw, **kw)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "news.db") as s:
        yield s


BODY = "\n\n".join(seed_paragraphs(0))
OTHER = "\n\n".join(seed_paragraphs(1))


def test_new_database_has_schema_wal_and_version(tmp_path):
    path = tmp_path / "news.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"pages", "articles", "runs", "errors", "fetch_state", "articles_fts"} <= tables
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    indexed = {r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")}
    assert any("canonical_final_url" in s for s in indexed) and any("content_hash" in s for s in indexed)
    assert any("UNIQUE" in s and "(\"key\")" in s for s in indexed)
    Store(path).close()  # reopening an up-to-date database changes nothing
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION


def test_version_1_database_is_migrated_and_keeps_its_articles(tmp_path):
    path = tmp_path / "news.db"
    with Store(path) as s:
        s.save(page("https://news.example.com/a/1"), [article("https://news.example.com/a/1", BODY)])
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    with Store(path) as s:
        assert [hit["url"] for hit in s.search(BODY.split()[0])] == ["https://news.example.com/a/1"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert conn.execute("SELECT v FROM articles_fts_config WHERE k = 'automerge'").fetchone()[0] == 16
    conn.close()


def test_same_url_twice_is_one_row_unchanged_then_updated(store):
    a = article("https://news.example.com/a/1?utm_source=rss", BODY)
    assert store.save(page(a.url), [a]) == {"new": 1, "updated": 0, "unchanged": 0, "duplicate": 0}
    assert store.save(page("http://news.example.com/a/1#top"), [article("http://news.example.com/a/1#top", BODY)])["unchanged"] == 1
    changed = article("https://news.example.com/a/1", BODY + "\n\n추가된 문단입니다.", title="새 제목")
    assert store.save(page(changed.url), [changed])["updated"] == 1
    rows = list(store.export())
    assert len(rows) == 1
    assert rows[0]["title"] == "새 제목" and rows[0]["body"].endswith("추가된 문단입니다.")
    assert rows[0]["canonical_url"] == "https://news.example.com/a/1"
    assert rows[0]["first_seen"] <= rows[0]["last_updated"]
    assert store.db["pages"].count == 1
    assert [h["title"] for h in store.search("새")] == ["새 제목"]  # the index follows the update
    store.conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


def test_every_article_field_round_trips(store):
    a = article("https://news.example.com/a/2", BODY, subtitle=["부제 하나", "부제 둘"], authors=["홍길동"],
                published=datetime(2022, 5, 2, 2, 14, tzinfo=KST), modified=datetime(2022, 5, 2, 9, 0, tzinfo=KST),
                section="경제", captions=["사진=KT"], summary=["요약"], source="saved/a.html")
    store.save(page(a.url), [a])
    row = next(store.export())
    back = Article.from_dict(row)
    assert back == a
    assert row["cleaner"] == "generic/1" and row["cleaner_version"] == "1"


def test_same_body_under_two_urls_is_linked_not_lost(store):
    wire = article("https://v.daum.net/v/20240101000000001", BODY, site="daum")
    origin = article("https://www.publisher.co.kr/news/1", BODY, site="publisher")
    assert store.save(page(origin.url), [origin])["new"] == 1
    assert store.save(page(wire.url), [wire])["duplicate"] == 1
    rows = {r["url"]: r for r in store.export()}
    assert len(rows) == 2
    assert rows[wire.url]["duplicate_of"] == rows[origin.url]["id"]
    assert rows[origin.url]["duplicate_of"] is None
    hits = store.search("KT")
    assert [h["id"] for h in hits].count(rows[origin.url]["id"]) == 1
    assert rows[wire.url]["id"] not in [h["id"] for h in hits]


def test_near_duplicate_with_a_changed_line_is_found(store):
    paragraphs = seed_paragraphs(0)
    edited = list(paragraphs)
    edited[5] = "이 문단은 수정된 기사에서 완전히 새로 쓰였고 원래 문장과 겹치는 단어가 거의 없습니다."
    store.save(page("https://a.example.com/1"), [article("https://a.example.com/1", "\n\n".join(paragraphs))])
    store.save(page("https://b.example.com/1"), [article("https://b.example.com/1", "\n\n".join(edited))])
    store.save(page("https://c.example.com/1"), [article("https://c.example.com/1", OTHER)])
    rows = {r["url"]: r for r in store.export()}
    first = rows["https://a.example.com/1"]["id"]
    assert rows["https://b.example.com/1"]["near_duplicate_of"] == first
    assert rows["https://b.example.com/1"]["duplicate_of"] is None
    assert rows["https://c.example.com/1"]["near_duplicate_of"] is None


def test_fingerprints_are_deterministic_across_processes():
    import subprocess
    import sys
    code = ("import sys; from storage import fingerprint as f; t=sys.stdin.read(); "
            "print(f.minhash(t).hex(), f.band_keys(f.minhash(t)), f.content_hash(t))")
    outs = {subprocess.run([sys.executable, "-c", code], input=BODY, capture_output=True, text=True,
                           env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": str(SEEDS.parent.parent)},
                           check=True).stdout for seed in (1, 2, 3)}
    assert len(outs) == 1
    sig = fingerprint.minhash(BODY)
    assert outs.pop().split()[0] == sig.hex()


def test_articles_without_url_get_stable_keys(store):
    raw = b"title\nbody"
    arts = [article(None, BODY, title="첫째"), article(None, OTHER, title="둘째")]
    first = store.save(page(None, raw, source="dumps/a.txt"), arts)
    again = store.save(page(None, raw, source="dumps/a.txt"), arts)
    assert first["new"] == 2 and again["unchanged"] == 2
    keys = [r["key"] for r in store.export()]
    where = os.path.abspath("dumps/a.txt")
    assert keys == [f"source:{where}#0", f"source:{where}#1"]
    # the same file named from another folder is the same page
    assert store.save(page(None, raw, source=where), arts)["unchanged"] == 2
    # no URL and no path: the raw bytes' hash keys the page
    store.save(Page(url=None, body=b"anonymous"), [article(None, "짧은 본문")])
    assert any(k.startswith("sha256:") and k.endswith("#0") for k in (r["key"] for r in store.export()))


def test_listing_page_with_repeated_url_keeps_every_article(store):
    url = "https://news.example.com/list"
    arts = [article(url, BODY, title="하나"), article(url, OTHER, title="둘")]
    assert store.save(page(url), arts)["new"] == 2
    assert store.save(page(url), arts)["unchanged"] == 2


def test_canonical_url_strips_tracking_and_fragment():
    assert canonical_url("HTTP://News.Example.com/a?b=2&utm_source=x&a=1&fbclid=z#c") == "https://news.example.com/a?a=1&b=2"
    assert canonical_url("https://news.example.co.kr/articleView.html?idxno=123") == \
        "https://news.example.co.kr/articleView.html?idxno=123"
    assert canonical_url(None) is None and canonical_url("  ") is None


def test_known_urls_and_has_url_cover_pages_and_articles(store):
    store.save(page("https://news.example.com/p?id=1", final_url="https://news.example.com/final/1"),
               [article("https://news.example.com/article/1", BODY)])
    assert store.has_url("http://news.example.com/p?id=1&utm_medium=feed")
    assert store.has_url("https://news.example.com/final/1")
    assert store.has_url("https://news.example.com/article/1#comments")
    assert not store.has_url("https://news.example.com/p?id=2")
    many = [f"https://news.example.com/p?id={i}" for i in range(1200)]
    assert store.known_urls(many) == {"https://news.example.com/p?id=1"}


def test_validators_are_kept_per_url(store):
    assert store.get_validators("https://news.example.com/rss") == {}
    store.set_validators("https://news.example.com/rss", etag='"abc"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    store.set_validators("https://news.example.com/rss?utm_source=x", lastmod="2024-01-02")
    got = store.get_validators("https://news.example.com/rss")
    assert got["etag"] == '"abc"' and got["lastmod"] == "2024-01-02"
    assert got["last_modified"].startswith("Mon")


def test_runs_and_errors_are_recorded(store):
    run = store.begin_run("clean", "saved/")
    counts = store.save(page("https://news.example.com/x"), [article("https://news.example.com/x", BODY)], run)
    store.record_error("saved/bad.html", "read", "empty file", run)
    store.end_run(run, {"pages": 1, **counts, "errors": 1, "skipped": 2})
    row = store.db["runs"].get(run)
    assert (row["command"], row["pages"], row["articles_new"], row["errors"]) == ("clean", 1, 1, 1)
    assert row["ended"] and json.loads(row["extra"]) == {"skipped": 2}
    stats = store.stats()
    assert stats["errors"]["total"] == 1 and stats["errors"]["by_stage"] == {"read": 1}
    assert stats["runs"][0]["id"] == run and stats["articles"] == 1


def test_export_filters_by_site_and_dates(store):
    for i, (site, day) in enumerate([("a", 1), ("a", 15), ("b", 15), ("a", 31)]):
        when = datetime(2024, 1, day, 23, 30, tzinfo=KST)
        store.save(page(f"https://{site}.example.com/{i}"),
                   [article(f"https://{site}.example.com/{i}", f"{BODY} {i}", site=site, published=when)])
    assert len(list(store.export(site="a"))) == 3
    assert [r["published"][:10] for r in store.export(since="2024-01-15", until="2024-01-15")] == ["2024-01-15"] * 2
    assert len(list(store.export(since="2024-01-02"))) == 3
    assert len(list(store.export(until="2024-01-30"))) == 3
    with pytest.raises(StoreError, match="not a date"):
        list(store.export(since="yesterday"))


def test_stats_counts_per_site_and_day(store):
    for i in range(3):
        store.save(page(f"https://a.example.com/{i}"), [article(f"https://a.example.com/{i}", f"{BODY} {i}",
                   site="a", published=datetime(2024, 3, 1 + i % 2, tzinfo=KST))])
    stats = store.stats()
    assert stats["sites"][0]["site"] == "a" and stats["sites"][0]["articles"] == 3
    assert {(d["day"], d["articles"]) for d in stats["days"]} == {("2024-03-01", 2), ("2024-03-02", 1)}


def test_search_ranks_title_matches_and_handles_korean_particles(store):
    for i in (1, 2):  # other articles, so that the search term is rare, as in a real database
        store.save(page(f"https://b.example.com/{i}"), [article(f"https://b.example.com/{i}", "\n\n".join(seed_paragraphs(i)))])
    body3, body4 = ("\n\n".join(seed_paragraphs(i)) for i in (3, 4))
    store.save(page("https://a.example.com/1"), [article("https://a.example.com/1", body3, title="금융사기 예방 협약")])
    store.save(page("https://a.example.com/2"), [article("https://a.example.com/2", body4 + "\n\n금융사기를 막는다.", title="다른 기사")])
    hits = store.search("금융사기")
    assert [h["url"] for h in hits] == ["https://a.example.com/1", "https://a.example.com/2"]
    assert all(h["snippet"] and isinstance(h["rank"], float) for h in hits)
    assert "[금융사기를]" in hits[1]["snippet"]
    assert store.search('"금융사기 예방"')[0]["url"] == "https://a.example.com/1"
    assert store.search("없는단어") == []


@pytest.mark.parametrize("query", ['"unbalanced', "AND OR", "title:(", "NEAR(", "*"])
def test_malformed_search_query_is_a_clear_error(store, query):
    store.save(page("https://a.example.com/1"), [article("https://a.example.com/1", BODY)])
    with pytest.raises(StoreError, match="bad search query|empty search query"):
        store.search(query)


def test_saving_is_atomic(store):
    """A failure in the middle of save leaves neither the page nor any of its articles."""
    good = article("https://a.example.com/1", BODY)
    bad = article("https://a.example.com/2", OTHER, subtitle=[object()])  # not JSON-serialisable
    with pytest.raises(TypeError):
        store.save(page("https://a.example.com/list"), [good, bad])
    assert store.db["pages"].count == 0 and store.db["articles"].count == 0
    assert store.save(page("https://a.example.com/list"), [good])["new"] == 1


def test_reclean_passes_the_fetch_time_and_reports_new_updated_gone(store):
    fetched = datetime(2019, 6, 1, 12, 0, tzinfo=timezone.utc)
    raw = "\n\n".join(seed_paragraphs(0)).encode("utf-8")
    store.save(page("https://a.example.com/1", raw, fetched=fetched),
               [article("https://a.example.com/1", BODY, title="하나", cleaner="generic/1"),
                article("https://a.example.com/1", OTHER, title="둘", cleaner="generic/1")])
    seen = []

    def improved(content, url, *, fetched=None, source=None):
        seen.append((content, url, fetched))
        return [article(url, BODY + "\n\n고친 문단", title="하나", cleaner="generic/2"),
                article("https://a.example.com/other", OTHER, title="셋", cleaner="generic/2")]

    changes = list(store.reclean(dry_run=True, clean=improved))
    assert seen == [(raw, "https://a.example.com/1", fetched)]
    kinds = {c["change"]: c for c in changes}
    assert set(kinds) == {"updated", "new", "gone"}
    assert kinds["updated"]["fields"] == ["body"] and "+고친 문단" in kinds["updated"]["diff"]
    assert kinds["gone"]["title"] == "둘"
    assert store.db["runs"].count == 0 and store.db["articles"].count == 2  # dry run wrote nothing
    list(store.reclean(clean=improved))
    rows = {r["key"]: r for r in store.export()}
    assert rows["https://a.example.com/1"]["body"].endswith("고친 문단")
    assert rows["https://a.example.com/1"]["cleaner_version"] == "2"
    assert rows["https://a.example.com/1#1"]["title"] == "둘"  # gone from the page, kept in the store
    run = store.db["runs"].get(1)
    assert (run["command"], run["articles_updated"], run["articles_new"]) == ("reclean", 1, 1)
    assert {c["change"] for c in store.reclean(clean=improved)} == {"unchanged", "gone"}


def test_a_cleaner_failure_in_reclean_is_recorded_not_raised(store):
    store.save(page("https://a.example.com/1"), [article("https://a.example.com/1", BODY)])

    def broken(content, url, **kw):
        raise ValueError("layout not understood")

    changes = list(store.reclean(clean=broken))
    assert [c["change"] for c in changes] == ["error"] and "layout not understood" in changes[0]["reason"]
    assert store.stats()["errors"]["by_stage"] == {"reclean": 1}
    assert next(store.export())["body"] == BODY


def test_a_database_from_a_newer_declutter_is_refused(tmp_path):
    path = tmp_path / "news.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    conn.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="schema version"):
            Store(path, readonly=readonly)


def test_saving_an_unchanged_page_writes_nothing(store):
    fetched = datetime(2024, 1, 1, tzinfo=timezone.utc)
    item = (page("https://a.example.com/1", fetched=fetched), [article("https://a.example.com/1", BODY)])
    store.save(*item)
    before = store.conn.total_changes
    assert store.save(*item)["unchanged"] == 1
    assert store.conn.total_changes == before
    later = page("https://a.example.com/1", fetched=datetime(2024, 2, 1, tzinfo=timezone.utc))
    store.save(later, item[1])  # fetched again: the fetch facts move, the raw bytes are not rewritten
    assert store.page(1).fetched == later.fetched and store.db["pages"].count == 1
