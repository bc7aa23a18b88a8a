"""`declutter crawl` as a command: several targets in one run, and crawls that cannot start.
Real HTTP to a local site on 127.0.0.1, real SQLite, the CLI run as a user runs it."""
import pytest

from conftest import run_cli
from test_crawl import FAST, rows


@pytest.mark.parametrize("setting", ["STATS_CLASS=nope.Stats", 'ADDONS={"nope.Addon": 1}',
                                     'EXTENSIONS={"nope.Extension": 1}'])
def test_a_crawl_that_fails_before_it_starts_is_one_line_and_exit_1(tmp_path, setting):
    db = tmp_path / "news.db"
    result = run_cli("crawl", "http://127.0.0.1:9/", "--db", db, *FAST, "-s", setting)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip().splitlines() == [
        "declutter crawl http://127.0.0.1:9/: not run: ModuleNotFoundError: No module named 'nope'"], result.stderr
    assert not db.exists() or not rows(db, "SELECT 1 FROM runs WHERE ended IS NULL")   # no run left open


def test_several_targets_crawl_in_one_command_each_with_its_run_and_the_worst_status(tmp_path):
    from scrapers.localsite import LocalSite
    from scrapers.runlock import RunLock
    from test_crawl import build_site

    for name in ("a", "b", "c"):
        build_site(tmp_path / name, traps=False)
    db = tmp_path / "news.db"
    with LocalSite(tmp_path / "a") as a, LocalSite(tmp_path / "b") as b, LocalSite(tmp_path / "c") as c:
        urls = [s.hosts["news.test"].base + "/" for s in (a, b, c)]
        bad = run_cli("crawl", urls[0], "nosuchsite", "--db", db, *FAST)
        assert bad.returncode == 2 and "unknown site 'nosuchsite'" in bad.stderr
        assert not db.exists() or not rows(db, "SELECT 1 FROM runs")   # nothing crawled

        result = run_cli("crawl", urls[0], urls[1], urls[0], "--db", db, *FAST, timeout=240)
        assert result.returncode == 0, result.stderr
        lines = [line for line in result.stderr.splitlines() if line.startswith("declutter crawl http")]
        assert sorted(line.split(": ")[0] for line in lines) == sorted(f"declutter crawl {u}" for u in urls[:2])
        runs = rows(db, "SELECT id, args, pages FROM runs ORDER BY id")
        assert sorted(r["args"] for r in runs) == sorted(f"generic {u}" for u in urls[:2])
        assert all(r["pages"] == len(a.hosts["news.test"].pages) for r in runs)
        assert sorted(r["run_id"] for r in rows(db, "SELECT run_id FROM site_runs")) == [r["id"] for r in runs]

        # one target's site is locked by another run: that one exits 3, the others are crawled
        lock = RunLock(str(db), c.hosts["news.test"].base.split("//")[1]).acquire()
        try:
            result = run_cli("crawl", urls[2], urls[0], "--db", db, *FAST, timeout=240)
        finally:
            lock.release()
        assert result.returncode == 3, result.stderr
        assert f"declutter crawl {urls[0]}: finished" in result.stderr
        assert f"declutter crawl {urls[2]}: not run:" in result.stderr
        assert len(rows(db, "SELECT 1 FROM runs")) == 3
