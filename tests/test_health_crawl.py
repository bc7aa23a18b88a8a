"""Site health end to end: a local copy of a site (tests/sitegen.py, served over real HTTP on
127.0.0.1) crawled several times by the real CLI, then served changed; each change must be
reported by the crawl (naming the site and what changed, exit status 4) and by
`declutter health`; steady runs must raise nothing. `declutter check` runs against the copies
before and after a change, and the HTML report is opened in headless chromium."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

import sitegen
from conftest import run_cli

STEADY_RUNS = 4
PER_RUN = 12
FIRST = 1000
ONE_WORKER = ["-s", "DECLUTTER_CLEAN_WORKERS=1"]


def crawl(tree: Path, db: Path):
    return run_cli("crawl", "etoday", "--sample", "--sample-dir", tree, "--db", db, *ONE_WORKER, timeout=240)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """A database with STEADY_RUNS crawls of the steady site, each finding PER_RUN new articles."""
    base = tmp_path_factory.mktemp("health")
    tree, db = base / "site", base / "news.db"
    results = []
    for i in range(STEADY_RUNS):
        sitegen.write_site(tree, range(FIRST + i * PER_RUN, FIRST + (i + 1) * PER_RUN))
        results.append(crawl(tree, db))
    return base, tree, db, results


def next_ids(n: int = 2 * PER_RUN) -> range:
    start = FIRST + STEADY_RUNS * PER_RUN
    return range(start, start + n)


def branch(history, name: str) -> tuple[Path, Path]:
    """A copy of the site and database after the steady runs, to change one way."""
    base, tree, db, _ = history
    tree2, db2 = base / f"site-{name}", base / f"{name}.db"
    if not tree2.exists():
        shutil.copytree(tree, tree2)
        shutil.copy(db, db2)
    return tree2, db2


def test_steady_runs_raise_nothing(history):
    *_, db, results = history
    for result in results:
        assert result.returncode == 0, result.stderr
        assert "drifted" not in result.stderr
        assert f"{PER_RUN} pages" in result.stderr
    tree, db2 = branch(history, "steady")
    sitegen.write_site(tree, next_ids(PER_RUN))
    result = crawl(tree, db2)
    assert result.returncode == 0, result.stderr
    assert "drifted" not in result.stderr
    health = run_cli("health", "--db", db2)
    assert health.returncode == 0, health.stdout + health.stderr
    assert health.stdout.startswith("etoday: healthy")


CHANGES = {
    # change: (how the site is changed, what the report must say)
    "renamed": ({"variant": "renamed"}, "profile etoday/2019 served 0 of 24 pages"),
    "moved": ({"variant": "moved"}, "body length median"),
    "clutter": ({"variant": "clutter"}, "rule etoday:reactions removed"),
    "emptyfeed": ({"empty_feed": True},
                  "feed https://rss.etoday.co.kr/eto/etoday_news_all.xml listed no article links"),
}


_changed: dict[str, tuple] = {}


def changed(history, change: str):
    """The site served with `change` and crawled once more: (tree, db, crawl result)."""
    if change not in _changed:
        how, _ = CHANGES[change]
        tree, db = branch(history, change)
        # the site redesigned: every page it serves is in the new markup (old ones are not fetched again)
        sitegen.write_site(tree, range(FIRST, next_ids()[-1] + 1), **how)
        _changed[change] = (tree, db, crawl(tree, db))
    return _changed[change]


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_is_reported(history, change):
    _, said = CHANGES[change]
    _, db, result = changed(history, change)
    assert result.returncode == 4, result.stderr
    drift = [line for line in result.stderr.splitlines() if "site drifted" in line]
    assert len(drift) == 1 and drift[0].startswith("declutter crawl: site drifted: etoday: "), result.stderr
    assert said in drift[0]
    health = run_cli("health", "--db", db)
    assert health.returncode == 4
    assert health.stdout.startswith("etoday: drifted")
    assert said in health.stdout


def test_health_html_report_renders_in_chromium(history, tmp_path):
    _, db, _ = changed(history, "renamed")
    report = tmp_path / "report.html"
    result = run_cli("health", "--db", db, "--html", report)
    assert result.returncode == 4, result.stderr
    html = report.read_text(encoding="utf-8")
    assert html.count("<svg") == 3  # articles per day; coverage and body length of the one site
    assert not any(ref in html for ref in ("<script", "<link", 'src="http', "url(http")), "not self-contained"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is needed to check the report (apt-get install chromium; .ci/run does)"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([chromium, *flags, f"--user-data-dir={profile}", "--dump-dom", report.as_uri()],
                             capture_output=True, text=True, timeout=180)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") == 3
    assert "Field coverage and profile share per run" in dom.stdout and "Body length per run" in dom.stdout
    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory() as profile:
        run = subprocess.run([chromium, *flags, f"--user-data-dir={profile}", "--window-size=1000,1600",
                              f"--screenshot={shot}", report.as_uri()], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0 and shot.exists(), run.stderr[-2000:]
    import matplotlib.image
    pixels = matplotlib.image.imread(str(shot))
    assert pixels.shape[0] == 1600 and pixels.shape[1] == 1000
    ink = (pixels[..., :3].min(axis=2) < 0.6).mean()
    assert ink > 0.01, "the screenshot is (nearly) blank"
    red = ((pixels[..., 0] > 0.7) & (pixels[..., 1] < 0.25) & (pixels[..., 2] < 0.25)).sum()
    assert red > 50, "the drifted state and markers (red) are not drawn"


def _check(tree: Path):
    from scrapers.localsite import LocalSite, spider_aliases
    from scrapers.run import project_settings
    project_settings()
    with LocalSite(tree, aliases=spider_aliases()) as site:
        return run_cli("check", "etoday", "--mirror", site.base("www.etoday.co.kr"), "--pages", "3",
                       *ONE_WORKER, timeout=240)


def test_check_before_and_after_a_change(history):
    _, tree, _, _ = history
    before = _check(tree)
    assert before.returncode == 0, before.stderr
    assert before.stdout.count("etoday/2019") == 3 and before.stdout.count("generic path") == 3
    assert "sitemap https://www.etoday.co.kr/sitemap.xml:" in before.stdout
    assert "etoday served 3 of 3 pages" in before.stderr
    tree, _, _ = changed(history, "renamed")
    after = _check(tree)
    assert after.returncode == 1, after.stdout + after.stderr
    assert "etoday/2019" not in after.stdout and after.stdout.count("generic/1") == 3
    assert "etoday served 0 of 3 pages" in after.stderr
