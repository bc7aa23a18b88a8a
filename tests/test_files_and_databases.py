"""Files and databases as a user can get them wrong: an output naming the database, a bad
argument after an output, another application's SQLite file, a database made before the
stamp, a read-only disk, path mistakes, a planted symlink for the lock file, odd site names
in the health report, and CSV cells that spreadsheets would run. Run through the CLI."""
import csv
import hashlib
import io
import os
import sqlite3
import subprocess

import pytest

from cleaners.model import Article, Page
from conftest import FIXTURES, SEEDS, run_cli
from scrapers.runlock import RunLock
from storage import Store
from storage.schema import APPLICATION_ID
from test_store_refused import small_disk  # noqa: F401 (a fixture)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "news.db"
    res = run_cli("clean", SEEDS, "--db", path)
    assert res.returncode == 0, res.stderr
    return path


def articles(path) -> int:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute("SELECT count(*) FROM articles").fetchone()[0]


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_an_output_naming_the_database_is_refused_before_anything_is_opened(db, suffix):
    stored = articles(db)
    target = f"{db}{suffix}"
    for command in (["export", "--db", db, "-o", target], ["clean", SEEDS, "--db", db, "-o", target],
                    ["health", "--db", db, "--html", target]):
        res = run_cli(*command)
        assert res.returncode == 2, res.stderr
        assert res.stderr.strip().splitlines() == [res.stderr.strip()] and "would overwrite the database" in res.stderr
    assert os.path.getsize(db) > 0 and articles(db) == stored


def test_a_bad_argument_leaves_an_existing_output_untouched_and_a_good_run_replaces_it(db, tmp_path):
    out = tmp_path / "keep.jsonl"
    out.write_text("precious\n")
    res = run_cli("export", "--db", db, "--since", "2024-99-99", "-o", out)
    assert res.returncode == 1 and "not a date" in res.stderr
    assert out.read_text() == "precious\n"
    res = run_cli("export", "--db", db, "-o", out)
    assert res.returncode == 0, res.stderr
    assert len(out.read_text().splitlines()) == articles(db)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".keep")]  # no temporary file left


def test_another_applications_sqlite_file_is_refused_untouched_by_every_command(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO articles (name) VALUES ('theirs')")
    conn.commit()
    conn.close()
    before = digest(other)
    for command in (["clean", SEEDS], ["export"], ["search", "KT"], ["stats"], ["health"],
                    ["crawl", "http://127.0.0.1:9/", "-s", "DECLUTTER_PROGRESS_INTERVAL=0"]):
        res = run_cli(*command, "--db", other)
        assert res.returncode == 1, (command, res.stderr)
        assert "Traceback" not in res.stderr and "not a declutter database" in res.stderr, (command, res.stderr)
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr
        assert digest(other) == before, command
    assert not os.path.exists(f"{other}-wal")


def test_a_database_from_before_the_stamp_still_opens_and_is_stamped_and_a_new_file_gets_it(tmp_path):
    old = tmp_path / "old.db"
    assert run_cli("clean", SEEDS, "--db", old).returncode == 0
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA application_id = 0")  # as every declutter before the stamp left it
    conn.commit()
    conn.close()
    stored = articles(old)
    res = run_cli("export", "--db", old)  # readers take it as it is
    assert res.returncode == 0 and len(res.stdout.splitlines()) == stored, res.stderr
    assert run_cli("clean", SEEDS, "--db", old).returncode == 0
    assert sqlite3.connect(old).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    empty = tmp_path / "empty.db"
    empty.touch()  # an empty file is a new database
    assert run_cli("clean", SEEDS, "--db", empty).returncode == 0
    assert sqlite3.connect(empty).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_database_on_a_read_only_disk_is_read_by_every_read_command(small_disk, db):  # noqa: F811
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    copy = small_disk / "news.db"
    copy.write_bytes(db.read_bytes())
    res = subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True, text=True)
    if res.returncode:
        pytest.skip(f"cannot remount the tmpfs read-only: {res.stderr.strip()}")
    stored = articles(db)
    res = run_cli("export", "--db", copy)
    assert res.returncode == 0, res.stderr
    assert len(res.stdout.splitlines()) == stored
    for command in (["stats"], ["search", "KT"], ["health"]):
        res = run_cli(*command, "--db", copy)
        assert res.returncode == 0 and "Traceback" not in res.stderr, (command, res.stderr)
    res = run_cli("clean", SEEDS, "--db", copy)  # a writer: one line
    assert res.returncode == 1 and "read-only" in res.stderr and len(res.stderr.strip().splitlines()) == 1, res.stderr


def test_path_mistakes_are_one_line(tmp_path):
    for command, expect in ((["export", "--db", tmp_path / "missing" / "news.db"], "no such folder"),
                            (["clean", SEEDS, "--db", tmp_path / "missing" / "news.db"], "no such folder"),
                            (["clean", SEEDS, "--db", tmp_path], "a folder, not a database file"),
                            (["stats", "--db", tmp_path], "a folder, not a database file"),
                            (["export", "--db", tmp_path / "none.db"], "no such database"),
                            (["clean", SEEDS, "-o", tmp_path / "missing" / "out.jsonl"], "no such folder")):
        res = run_cli(*command)
        assert res.returncode in (1, 2), (command, res.stderr)
        assert len(res.stderr.strip().splitlines()) == 1 and expect in res.stderr, (command, res.stderr)
    assert not (tmp_path / "missing").exists()


def test_the_run_lock_does_not_follow_a_planted_symlink(tmp_path):
    db = tmp_path / "news.db"
    victim = tmp_path / "victim.conf"
    victim.write_text("important\n")
    os.symlink(victim, RunLock(str(db), "127.0.0.1:9").path)
    res = run_cli("crawl", "http://127.0.0.1:9/", "--db", db, "-s", "DECLUTTER_PROGRESS_INTERVAL=0")
    assert res.returncode == 1 and "symbolic link" in res.stderr, res.stderr
    assert victim.read_text() == "important\n"


def test_the_health_report_survives_odd_site_names(tmp_path):
    page = next((FIXTURES / "sites" / "etoday").glob("*.html")).read_bytes()
    db = tmp_path / "news.db"
    for i, host in enumerate(("www.news$\\sqrt{$.example", "a$b$c.example", "{x}%s\\.example")):
        saved = tmp_path / f"page{i}.html"
        saved.write_bytes(page)
        res = run_cli("clean", saved, "--db", db, "--url", f"https://{host}/story/{i}")
        assert res.returncode == 0, res.stderr
    report = tmp_path / "report.html"
    report.write_text("the last report\n")
    res = run_cli("health", "--db", db, "--html", report)
    assert res.returncode == 0, res.stderr
    text = report.read_text()
    assert "news$\\sqrt{$.example" in text and "a$b$c.example" in text


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_unless_asked_raw(tmp_path):
    db = tmp_path / "news.db"
    titles = ["=HYPERLINK(\"http://evil.example\",\"x\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)",
              "\tTab", "plain title"]
    with Store(db) as store:
        for i, title in enumerate(titles):
            url = f"https://news.example/{i}"
            store.save(Page(url=url, body=b"<p>x</p>"), [Article(url=url, title=title, body=f"본문 {i}")])

    def exported(*options):
        res = run_cli("export", "--db", db, "--format", "csv", *options)
        assert res.returncode == 0, res.stderr
        return [row["title"] for row in csv.DictReader(io.StringIO(res.stdout))]

    assert exported() == ["'" + t for t in titles[:-1]] + ["plain title"]
    assert exported("--raw-cells") == titles
