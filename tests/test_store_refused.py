"""Pages the database refuses are counted, reported in one line and fetched again: a real full
disk (a small tmpfs, mounted when this run may) and a real second process holding the lock,
through `declutter crawl` (real HTTP to a local site) and `declutter clean --db`."""
import errno
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from contextlib import ExitStack, contextmanager
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, run_cli
from scrapers.localsite import LocalSite
from storage import Store
from test_crawl import build_site, crawl, rows
from test_storage_faults import check_sound, cleaned_corpus, wait_for_articles

NOT_STORED = 5
# a second process that takes the write lock and keeps it until its stdin closes
HOLD_LOCK = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60); "
             "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); sys.stdin.read()")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """150 pages (their database and its log fit the small disk) and their articles by key."""
    return cleaned_corpus(tmp_path_factory.mktemp("in") / "pages", 150)


@pytest.fixture()
def small_disk(tmp_path):
    """A folder on its own 48 MB tmpfs, unmounted after the test."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a full disk needs a small tmpfs, and mounting one needs root")
    where = tmp_path / "disk"
    where.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(where)], capture_output=True,
                         text=True)
    if res.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(folder, leave: int = 0) -> None:
    """Fill the disk of `folder` with one file, then free `leave` bytes of it."""
    path = folder / "filler"
    with open(path, "wb", buffering=0) as out:
        for chunk in (1 << 16, 1 << 12, 1 << 9):
            try:
                while True:
                    out.write(b"\0" * chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
    if leave:
        os.truncate(path, path.stat().st_size - leave)


@contextmanager
def lock_holder(db):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)


@contextmanager
def on_first_request(host, path: str, fault):
    """Run `fault()` in the site's server when `path` is first asked for, before answering."""
    handler = host.server.RequestHandlerClass
    original = handler.do_GET
    fired = threading.Lock()

    def do_get(self):
        if urlsplit(self.path).path == path and fired.acquire(blocking=False):
            fault()
        return original(self)

    handler.do_GET = do_get
    try:
        yield
    finally:
        handler.do_GET = original


def not_stored_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "pages not stored" in line]


def saved_validators(db) -> int:
    return rows(db, "SELECT count(*) AS n FROM fetch_state WHERE etag IS NOT NULL")[0]["n"]


@pytest.mark.parametrize("fault", ["locked", "full"])
def test_pages_the_database_refuses_in_a_crawl_are_counted_and_fetched_again(fault, tmp_path, request, monkeypatch):
    monkeypatch.setenv("DECLUTTER_BUSY_TIMEOUT", "0.2")  # the lock is held far longer than this wait
    folder = request.getfixturevalue("small_disk") if fault == "full" else tmp_path
    db = folder / "news.db"
    build_site(tmp_path / "tree", traps=False)

    def start_fault():  # once the run has begun and before any page is fetched
        if fault == "full":
            fill(folder)
        else:
            holder = stack.enter_context(lock_holder(db))
            assert holder.stdout.readline() == "locked\n"

    with LocalSite(tmp_path / "tree") as site, ExitStack() as stack:
        host = site.hosts["news.test"]
        total = len(host.pages)
        with on_first_request(host, "/sitemap-articles.xml.gz", start_fault):
            # a timeout long enough for the fault to be in place before the sitemap is answered
            result = crawl(f"{host.base}/sitemap.xml", "--db", db, "-s", "DOWNLOAD_TIMEOUT=60")
        stack.close()  # the lock is released
        if fault == "full":
            (folder / "filler").unlink()
        assert result.returncode == NOT_STORED, result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        lines = not_stored_lines(result.stderr)
        assert len(lines) == 1, result.stderr
        lost = int(re.search(r"(\d+) pages not stored", lines[0]).group(1))
        reason = "locked" if fault == "locked" else "full"
        assert reason in lines[0] and str(db) in lines[0]
        stored = rows(db, "SELECT count(*) AS n FROM pages")[0]["n"]
        assert lost > 0 and stored + lost == total
        assert saved_validators(db) == 0  # so the next run reads the sitemaps in full

        again = crawl(f"{host.base}/sitemap.xml", "--db", db)
        assert again.returncode == 0, again.stderr
        assert not not_stored_lines(again.stderr)
        assert rows(db, "SELECT count(*) AS n FROM pages")[0]["n"] == total
        assert saved_validators(db) > 0  # a run that stored everything commits them


def test_clean_db_on_a_disk_that_fills_counts_the_pages_not_stored_and_a_rerun_stores_them(small_disk, corpus):
    folder, expected = corpus
    db = small_disk / "news.db"
    Store(db).close()
    fill(small_disk, leave=200_000)
    res = run_cli("clean", folder, "--db", db, "--jobs", "1")
    assert res.returncode == NOT_STORED, res.stderr
    assert "Traceback" not in res.stderr
    lines = not_stored_lines(res.stderr)
    assert len(lines) == 1 and "full" in lines[0], res.stderr
    lost = int(re.search(r"(\d+) pages not stored", lines[0]).group(1))
    pages = len(list(folder.iterdir()))
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM pages").fetchone()[0]
    assert 0 < stored and stored + lost == pages
    check_sound(db, expected)
    (small_disk / "filler").unlink()
    res = run_cli("clean", folder, "--db", db, "--jobs", "1")
    assert res.returncode == 0, res.stderr
    assert check_sound(db, expected) == len(expected)


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory):
    """300 pages on one worker: a run long enough for the lock to be taken while it stores."""
    return cleaned_corpus(tmp_path_factory.mktemp("in") / "pages", 300)


def test_clean_db_counts_the_pages_a_lock_held_past_the_wait_refuses(long_corpus, tmp_path, monkeypatch):
    folder, expected = long_corpus
    monkeypatch.setenv("DECLUTTER_BUSY_TIMEOUT", "0.05")
    db = tmp_path / "news.db"
    run = subprocess.Popen([sys.executable, "-m", "declutter", "clean", str(folder), "--db", str(db), "--jobs", "1"],
                           cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stderr=subprocess.PIPE)
    wait_for_articles(db, run)  # the run has begun storing: now another process takes the lock
    with lock_holder(db) as holder:
        assert holder.stdout.readline() == "locked\n"
        stderr = run.communicate(timeout=600)[1].decode()
    assert run.returncode == NOT_STORED, stderr
    assert "Traceback" not in stderr
    lines = not_stored_lines(stderr)
    assert len(lines) == 1 and "locked" in lines[0], stderr
    lost = int(re.search(r"(\d+) pages not stored", lines[0]).group(1))
    stored = sqlite3.connect(db).execute("SELECT count(*) FROM pages").fetchone()[0]
    assert lost > 0 and stored + lost == len(list(folder.iterdir()))
    check_sound(db, expected)
    res = run_cli("clean", folder, "--db", db)
    assert res.returncode == 0, res.stderr
    assert check_sound(db, expected) == len(expected)
