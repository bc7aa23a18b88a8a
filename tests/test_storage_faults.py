"""Faults, for real: kill -9 mid-run, a reader during a write, foreign, read-only and full databases."""
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from cleaners.model import Article, Page
from conftest import ROOT, SEEDS, run_cli
from storage import Store, StoreError
from storage.store import article_keys, page_key

ENV = dict(os.environ, PYTHONPATH=str(ROOT))
COMMAND = [sys.executable, "-m", "declutter"]


def make_corpus(folder: Path, n: int) -> Path:
    """n distinct text dumps made from the seeds: every prose line carries the copy's number."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n):
        lines = seeds[i % len(seeds)].read_text(encoding="utf-8").splitlines()
        lines = [f"{line} ({i})" if len(line) >= 40 else line for line in lines]
        (folder / f"{i:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return cleaned_corpus(tmp_path_factory.mktemp("in") / "pages", 600)


def cleaned_corpus(where: Path, n: int) -> tuple[Path, dict]:
    """A folder of n pages and the articles `declutter clean` finds in it, by key."""
    folder = make_corpus(where, n)
    res = run_cli("clean", folder)
    assert res.returncode == 0, res.stderr
    by_source: dict[str, list[Article]] = {}
    for line in res.stdout.splitlines():
        article = Article.from_dict(json.loads(line))
        by_source.setdefault(article.source, []).append(article)
    expected = {}
    for source, articles in by_source.items():
        key_of_page = page_key(Page(url=None, body=b"", source=source), "")
        for key, article in zip(article_keys(key_of_page, articles), articles):
            expected[key] = (article.title, article.body)
    return folder, expected


def check_sound(db: Path, expected: dict) -> int:
    """The database opens, passes integrity_check, and every stored page has all its
    articles, each exactly as cleaned: nothing half-written. Returns the article count."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the full-text index holds exactly the stored articles (raises if it does not)
    conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    per_page = Counter(key.rsplit("#", 1)[0] for key in expected)
    stored = conn.execute("SELECT a.key, a.title, a.body, p.key FROM articles a LEFT JOIN pages p ON p.id = a.page_id").fetchall()
    for key, title, body, page_key in stored:
        assert page_key is not None, f"article {key} without its page"
        assert expected[key] == (title, body)
    stored_per_page = Counter(page_key for *_, page_key in stored)
    for (page_key,) in conn.execute("SELECT key FROM pages"):
        assert stored_per_page[page_key] == per_page[page_key], f"page {page_key} is missing articles"
    assert len({key for key, *_ in stored}) == len(stored)
    conn.close()
    return len(stored)


def stored_articles(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def start_clean(folder: Path, db: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen([*COMMAND, "clean", str(folder), "--db", str(db), *options], env=ENV, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def wait_for_articles(db: Path, proc: subprocess.Popen, at_least: int = 1) -> None:
    deadline = time.monotonic() + 300  # guards against a hang only: Korean analysis makes each article dearer, and shared machines are slow
    while stored_articles(db) < at_least:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.005)


def test_kill_9_at_any_moment_leaves_a_sound_database_and_a_rerun_completes(tmp_path, corpus):
    folder, expected = corpus
    db = tmp_path / "news.db"
    killed = 0
    # kill points by progress, not by clock: early, midway and late in the folder; one job
    # so that a run lasts long enough on any machine to be caught mid-way
    for share in (0.02, 0.3, 0.6):
        proc = start_clean(folder, db, "--jobs", "1")
        wait_for_articles(db, proc, at_least=max(stored_articles(db) + 1, int(share * len(expected))))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.killpg(proc.pid, signal.SIGKILL) if _group_alive(proc.pid) else None
        killed += proc.returncode == -signal.SIGKILL
        check_sound(db, expected)
    assert killed == 3, "every run must have been killed mid-way"
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM runs WHERE ended IS NULL").fetchone()[0] == 3  # honest record
    partial = stored_articles(db)
    assert 0 < partial < len(expected)
    res = run_cli("clean", folder, "--db", db)
    assert res.returncode == 0, res.stderr
    assert check_sound(db, expected) == len(expected)
    last = conn.execute("SELECT articles_new, articles_unchanged, articles_duplicate FROM runs ORDER BY id DESC").fetchone()
    assert last[1] == partial and sum(last) == len(expected)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def test_a_reader_sees_consistent_data_while_a_run_writes(tmp_path, corpus):
    folder, expected = corpus
    db = tmp_path / "news.db"
    writer = start_clean(folder, db)
    wait_for_articles(db, writer)
    reads, last = 0, 0
    while writer.poll() is None:
        res = run_cli("export", "--db", db)
        assert res.returncode == 0, res.stderr
        rows = [json.loads(line) for line in res.stdout.splitlines()]
        for row in rows:  # every row whole, as cleaned
            assert expected[row["key"]] == (row["title"], row["body"])
        pages = Counter(row["key"].rsplit("#", 1)[0] for row in rows)
        want = Counter(key.rsplit("#", 1)[0] for key in expected)
        assert all(pages[p] == want[p] for p in pages), "a page seen with only some of its articles"
        assert len(rows) >= last
        last = len(rows)
        hits = run_cli("search", "--db", db, "KT", "--format", "jsonl")
        assert hits.returncode == 0 and "Traceback" not in hits.stderr, hits.stderr
        reads += writer.poll() is None
    assert writer.returncode == 0, writer.stderr.read().decode()
    assert reads >= 1, "no read happened while the run was writing"
    assert check_sound(db, expected) == len(expected)


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "photo.db"
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    path.write_bytes(data)
    for readonly in (False, True):
        with pytest.raises(StoreError, match="not a SQLite database"):
            Store(path, readonly=readonly)
    assert path.read_bytes() == data
    with pytest.raises(StoreError, match="cannot open"):
        Store(tmp_path)  # a folder


# Root reads and writes whatever the file modes say because it holds these capabilities; a
# process that gives them up (also for what it executes) is held to the modes, while it stays
# the owner of the checkout, so it runs the project wherever it was cloned (a 0700 folder too).
OBEY_FILE_MODES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                   "--inh-caps=-dac_override,-dac_read_search"]


def test_a_read_only_database_is_refused_for_writing_and_still_readable(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "news.db"
    assert run_cli("clean", SEEDS, "--db", db).returncode == 0
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: file modes cannot be enforced")
        prefix = OBEY_FILE_MODES
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        def run(*args):
            return subprocess.run([*prefix, *COMMAND, *map(str, args)], env=ENV, cwd=ROOT, capture_output=True,
                                  text=True, timeout=120)

        probe = subprocess.run([*prefix, sys.executable, "-c", f"open({str(db)!r}, 'ab')"], capture_output=True,
                               text=True, timeout=60)
        assert "PermissionError" in probe.stderr, "the file modes are not enforced on this run"
        res = run("clean", SEEDS, "--db", db)
        assert res.returncode == 1 and "Traceback" not in res.stderr
        assert "read-only" in res.stderr and str(db) in res.stderr
        res = run("export", "--db", db)
        assert res.returncode == 0, res.stderr
        assert len(res.stdout.splitlines()) == sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(
            "SELECT count(*) FROM articles").fetchone()[0]
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)


def _article(i: int) -> tuple[Page, list[Article]]:
    url = f"https://news.example.com/{i}"
    body = "\n\n".join(f"{i}번 기사의 {j}번째 문단은 저장 공간이 찰 때까지 쌓입니다. " * 8 for j in range(8))
    return Page(url=url, body=body.encode() * 3), [Article(url=url, title=f"기사 {i}", body=body, site="example")]


def test_a_full_database_stops_cleanly_and_keeps_what_was_stored(tmp_path):
    """SQLITE_FULL as a full disk gives it: the page budget is capped with max_page_count."""
    path = tmp_path / "news.db"
    store = Store(path)
    run = store.begin_run("clean")
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 60}")
    saved = 0
    with pytest.raises(StoreError, match="full") as info:
        for i in range(1000):
            store.save(*_article(i), run_id=run)
            saved += 1
    assert str(path) in str(info.value)
    assert 0 < saved < 1000
    with pytest.raises(StoreError, match="full"):  # still full, still a clear error
        store.save(*_article(5000), run_id=run)
    store.close()
    with Store(path) as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert again.db["pages"].count == saved == again.db["articles"].count
        assert again.save(*_article(0))["unchanged"] == 1
        assert again.save(*_article(saved))["new"] == 1  # room again: the failed page can be stored


def test_a_disk_that_refuses_writes_mid_run_gives_one_line_and_a_sound_database(tmp_path, corpus):
    """The OS refuses writes past a file size (RLIMIT_FSIZE), as a full disk would, mid-run."""
    folder, expected = corpus
    db = tmp_path / "news.db"

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write returns an error instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))

    res = subprocess.run([*COMMAND, "clean", str(folder), "--db", str(db)], env=ENV, cwd=ROOT, text=True,
                         capture_output=True, timeout=120, preexec_fn=limit)
    assert res.returncode == 5  # pages not stored: counted, one line, the run goes on
    assert "Traceback" not in res.stderr
    assert str(db) in res.stderr and "is it full?" in res.stderr
    stored = check_sound(db, expected)
    assert 0 < stored < len(expected)
    res = run_cli("clean", folder, "--db", db)  # space again: the rerun finishes the job
    assert res.returncode == 0, res.stderr
    assert check_sound(db, expected) == len(expected)


def test_processes_creating_one_database_at_once_all_succeed(tmp_path):
    db = tmp_path / "news.db"
    code = ("import sys; from storage import Store; from cleaners.model import Page, Article; s = Store(sys.argv[1]); "
            "n = sys.argv[2]; s.save(Page(url='https://a.example.com/' + n, body=b'x'), "
            "[Article(url='https://a.example.com/' + n, title=n, body='본문 ' + n)])")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db), str(i)], env=ENV, cwd=ROOT,
                              stderr=subprocess.PIPE) for i in range(4)]
    for proc in procs:
        assert proc.wait(timeout=60) == 0, proc.stderr.read().decode()
    with Store(db, readonly=True) as store:
        assert sorted(r["title"] for r in store.export()) == ["0", "1", "2", "3"]
