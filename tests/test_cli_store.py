"""The database commands as a user runs them: clean --db, export, search, stats, reclean."""
import csv
import io
import json
import sqlite3

import pytest

from conftest import SEEDS, run_cli


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("db") / "news.db"
    res = run_cli("clean", SEEDS, "--db", path)
    assert res.returncode == 0, res.stderr
    return path


@pytest.fixture(scope="module")
def reference():
    """What `declutter clean` prints for the seeds: the articles the database must hold."""
    res = run_cli("clean", SEEDS)
    assert res.returncode == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_clean_db_stores_every_article_and_prints_nothing(tmp_path, reference):
    path = tmp_path / "news.db"
    res = run_cli("clean", SEEDS, "--db", path)
    assert res.returncode == 0, res.stderr
    assert res.stdout == ""
    assert f"{len(reference)} new" in res.stderr
    conn = sqlite3.connect(path)
    stored = conn.execute("SELECT title, body FROM articles ORDER BY id").fetchall()
    assert sorted(stored) == sorted((a["title"], a["body"]) for a in reference)
    assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 5
    run = conn.execute("SELECT command, pages, articles_new, ended FROM runs").fetchone()
    assert run[:3] == ("clean", 5, len(reference)) and run[3]


def test_clean_db_twice_is_unchanged_and_format_still_prints(tmp_path, reference):
    path = tmp_path / "news.db"
    run_cli("clean", SEEDS, "--db", path)
    res = run_cli("clean", SEEDS, "--db", path, "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    assert f"{len(reference)} unchanged" in res.stderr and " new" not in res.stderr
    assert len(res.stdout.splitlines()) == len(reference)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(reference)
    assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 2


def test_clean_db_records_bad_inputs_as_errors(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_bytes((SEEDS / "003_aba8f5db32093a90.txt").read_bytes())
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    path = tmp_path / "news.db"
    res = run_cli("clean", tmp_path / "in", "--db", path)
    assert res.returncode == 1
    conn = sqlite3.connect(path)
    errors = conn.execute("SELECT source, reason, run_id FROM errors").fetchall()
    assert len(errors) == 1 and errors[0][0].endswith("empty.txt") and errors[0][2] == 1
    assert conn.execute("SELECT errors FROM runs").fetchone()[0] == 1


def test_export_jsonl_csv_and_txt(db, reference):
    res = run_cli("export", "--db", db)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted((r["title"], r["body"]) for r in rows) == sorted((a["title"], a["body"]) for a in reference)
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert all(isinstance(r["authors"], list) and r["first_seen"] for r in rows)
    res = run_cli("export", "--db", db, "--format", "csv")
    table = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(table) == len(rows) and table[0]["title"] == rows[0]["title"]
    assert json.loads(table[0]["subtitle"]) == rows[0]["subtitle"]
    res = run_cli("export", "--db", db, "--format", "txt")
    assert rows[0]["title"] in res.stdout and res.stdout.count("-" * 40) == len(rows)


def test_export_filters(db, reference):
    sites = {a["site"] for a in reference if a["site"]}
    site = sorted(sites)[0]
    res = run_cli("export", "--db", db, "--site", site)
    assert {json.loads(line)["site"] for line in res.stdout.splitlines()} == {site}
    dated = sorted(a["published"][:10] for a in reference if a["published"])
    res = run_cli("export", "--db", db, "--since", dated[-1], "--until", dated[-1])
    got = [json.loads(line)["published"][:10] for line in res.stdout.splitlines()]
    assert got and set(got) == {dated[-1]}
    res = run_cli("export", "--db", db, "--since", "last week")
    assert res.returncode == 1 and "not a date" in res.stderr and "Traceback" not in res.stderr


def test_search_ranked_with_snippets(db):
    res = run_cli("search", "--db", db, "KT", "--format", "jsonl")
    assert res.returncode == 0, res.stderr
    hits = [json.loads(line) for line in res.stdout.splitlines()]
    assert hits and all("[KT" in h["snippet"] for h in hits)
    assert [h["rank"] for h in hits] == sorted(h["rank"] for h in hits)
    text = run_cli("search", "--db", db, "KT", "-n", "2")
    assert text.returncode == 0 and text.stdout.count("[KT") >= 2
    blocks = [b.splitlines() for b in text.stdout.strip().split("\n\n")]
    assert [b[0].split(".")[0].strip() for b in blocks] == ["1", "2"]  # numbered, best first
    assert all(len(b) == 3 for b in blocks), text.stdout  # title, facts, a one-line snippet


@pytest.mark.parametrize("query", ['"KT', "KT AND", "(", "NEAR(KT"])
def test_malformed_search_is_one_clear_line(db, query):
    res = run_cli("search", "--db", db, query)
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert "bad search query" in res.stderr


def test_stats(db, reference):
    res = run_cli("stats", "--db", db, "--json")
    assert res.returncode == 0, res.stderr
    stats = json.loads(res.stdout)
    assert stats["articles"] == len(reference) and stats["pages"] == 5
    assert sum(s["articles"] for s in stats["sites"]) == len(reference)
    text = run_cli("stats", "--db", db).stdout
    assert f"{len(reference)} articles" in text and "clean" in text


def test_reclean_reports_then_applies_what_changed(tmp_path, reference):
    path = tmp_path / "news.db"
    run_cli("clean", SEEDS, "--db", path)
    # pretend an older cleaner produced one article differently
    conn = sqlite3.connect(path)
    (target,) = conn.execute("SELECT id FROM articles WHERE title = ?", (reference[0]["title"],)).fetchone()
    conn.execute("UPDATE articles SET title = '옛 제목', body = body || '\n\n무단 전재 및 재배포 금지', "
                 "cleaner = 'text/old', fields_hash = 'stale' WHERE id = ?", (target,))
    conn.commit()
    res = run_cli("reclean", "--db", path, "--dry-run")
    assert res.returncode == 0, res.stderr
    assert "updated: " in res.stdout and "옛 제목" in res.stdout
    assert "  -무단 전재 및 재배포 금지" in res.stdout
    assert f"1 updated, 0 new, 0 gone, {len(reference) - 1} unchanged" in res.stderr
    assert conn.execute("SELECT title FROM articles WHERE id = ?", (target,)).fetchone()[0] == "옛 제목"  # dry run
    res = run_cli("reclean", "--db", path)
    assert res.returncode == 0, res.stderr
    title, body, cleaner = conn.execute("SELECT title, body, cleaner FROM articles WHERE id = ?",
                                         (target,)).fetchone()
    assert (title, body) == (reference[0]["title"], reference[0]["body"]) and cleaner == reference[0]["cleaner"]
    assert conn.execute("SELECT command, articles_updated FROM runs ORDER BY id DESC").fetchone() == ("reclean", 1)
    again = run_cli("reclean", "--db", path, "--format", "jsonl")
    assert {json.loads(line)["change"] for line in again.stdout.splitlines()} == {"unchanged"}


def test_commands_on_a_missing_or_foreign_file_say_so(tmp_path):
    foreign = tmp_path / "notes.db"
    foreign.write_text("these are not the rows you are looking for\n" * 100)
    for args in (["clean", SEEDS, "--db", foreign], ["export", "--db", foreign], ["search", "--db", foreign, "KT"],
                 ["stats", "--db", foreign], ["reclean", "--db", foreign]):
        res = run_cli(*args)
        assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
        assert "not a SQLite database" in res.stderr
    assert foreign.read_text().startswith("these are not")  # left as it was
    res = run_cli("export", "--db", tmp_path / "missing.db")
    assert res.returncode == 1 and "no such database" in res.stderr
    assert not (tmp_path / "missing.db").exists()
