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
