"""Site health figures and drift tests (storage.health), and their recording by `clean --db`
and `reclean`; the crawl side is in test_health_crawl.py."""
from __future__ import annotations

import json
import math
import sqlite3

import pytest

import cleaners
import sitegen
from conftest import run_cli
from storage import Store
from storage import health
from storage.health import SiteFigures, binom_cdf, binom_sf, judge, poisson_cdf, poisson_sf, rule_counts


def page(n: int, variant: str = "steady"):
    trace: list = []
    url = f"{sitegen.ORIGIN}/news/view/{n}"
    return cleaners.clean(sitegen.page_html(n, 3, variant).encode(), url=url, trace=trace), rule_counts(trace)


def run_row(ids, variant="steady", feed_links=20):
    fig = SiteFigures("etoday")
    for n in ids:
        fig.add_page(*page(n, variant))
    fig.add_source(sitegen.FEED, "feed", urls=feed_links, read=1)
    return {**fig.row(), "state": None}


def judged_history(runs=5, per_run=15):
    history = []
    for i in range(runs):
        row = run_row(range(100 + i * per_run, 100 + (i + 1) * per_run))
        verdict = judge(row, history)
        history.insert(0, {**row, "state": verdict.state})
    return history


def test_tail_probabilities_match_exact_values():
    assert binom_cdf(0, 3, 0.5) == pytest.approx(1 / 8)
    assert binom_cdf(1, 3, 0.5) == pytest.approx(4 / 8)
    assert binom_sf(3, 3, 0.5) == pytest.approx(1 / 8)
    assert binom_cdf(3, 3, 0.2) == pytest.approx(1.0)
    assert poisson_cdf(0, 2.0) == pytest.approx(math.exp(-2))
    assert poisson_sf(1, 2.0) == pytest.approx(1 - math.exp(-2))
    assert binom_cdf(5, 10_000, 0.5) < 1e-300 + 1e-3  # large runs (clean --db of a big folder) work


def test_figures_of_a_run():
    row = run_row(range(100, 120))
    assert row["pages"] == 20 and row["articles"] + row["no_article"] >= 19
    cleaners_used = json.loads(row["cleaners"])
    assert cleaners_used.get("etoday/2019", 0) >= 15 and row["profile"] == "etoday"
    assert row["title"] == 1.0 and 0.5 < row["published"] <= 1.0
    assert row["body_p10"] <= row["body_p25"] <= row["body_median"] <= row["body_p75"] <= row["body_p90"]
    rules = json.loads(row["rules"])
    assert rules["etoday:reactions"] >= 4 * 15  # four reaction buttons on every profile page
    assert json.loads(row["sources"])[sitegen.FEED]["urls"] == 20


def test_first_runs_learn_then_steady_runs_are_healthy():
    history = judged_history()
    assert [r["state"] for r in reversed(history)] == ["learning"] * 3 + ["healthy"] * 2


@pytest.mark.parametrize("variant, said", [
    ("renamed", "profile etoday/2019 served 0 of 20 pages"),
    ("moved", "body length median"),
    ("clutter", "rule etoday:reactions removed"),
])
def test_changed_markup_drifts(variant, said):
    verdict = judge(run_row(range(500, 520), variant), judged_history())
    assert verdict.state == "drifted"
    assert said in verdict.line() and verdict.line().startswith("etoday: ")


def test_a_feed_that_stops_listing_drifts_and_one_unchanged_fetch_does_not():
    history = judged_history()
    assert judge(run_row(range(500, 510), feed_links=0), history).findings == [
        f"feed {sitegen.FEED} listed no article links (gave 20, 20 before)"]
    fig = SiteFigures("etoday")
    fig.add_source(sitegen.FEED, "feed", not_modified=1)  # a 304: nothing new, nothing to judge
    assert judge({**fig.row(), "state": None}, history).state == "quiet"
    fig = SiteFigures("etoday")
    fig.add_source(sitegen.FEED, "feed", failed=1)  # the only source failed: nothing could be read
    alone = judge({**fig.row(), "state": None}, history)
    assert alone.state == "unreachable" and "every source failed" in alone.line()
    fig.add_source("https://www.etoday.co.kr/sitemap.xml", "sitemap", not_modified=1)
    first = {**fig.row(), "state": None}  # one failure among sources that answer is in `errors`; not drift yet
    assert judge(first, history).state == "quiet"
    assert "could not be fetched twice" in judge(first, [{**first, "state": "quiet"}, *history]).line()


def test_clean_db_and_reclean_record_site_runs(tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    for n in range(100, 112):  # saved pages: their canonical link gives the URL, so the site is etoday's
        (saved / f"{n}.html").write_text(sitegen.page_html(n, 3), encoding="utf-8")
    db = tmp_path / "news.db"
    for _ in range(3):
        result = run_cli("clean", saved, "--db", db, "--jobs", "1")
        assert result.returncode == 0, result.stderr
    assert run_cli("reclean", "--db", db).returncode == 0
    with Store(db, readonly=True) as store:
        rows = health.all_runs(store)
    assert [(r["site"], r["command"], r["pages"]) for r in rows] == \
        [("etoday", "clean", 12)] * 3 + [("etoday", "reclean", 12)]
    assert [r["state"] for r in rows] == ["learning"] * 3 + ["healthy"]
    assert all(r["run_id"] for r in rows)
    # the table is plain SQLite: readable by any tool
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM site_runs WHERE json_extract(rules, '$.\"etoday:reactions\"') > 0"
                        ).fetchone()[0] == 4
    # the same pages re-served in new markup and cleaned again: the clean run reports the drift
    for n in range(100, 112):
        (saved / f"{n}.html").write_text(sitegen.page_html(n, 3, "renamed"), encoding="utf-8")
    result = run_cli("clean", saved, "--db", db, "--jobs", "1")
    assert "declutter clean: site drifted: etoday: profile etoday/2019 served 0 of 12 pages" in result.stderr
    status = run_cli("health", "--db", db)
    assert status.returncode == 4 and "! profile etoday/2019 served 0 of 12" in status.stdout
    accepted = run_cli("health", "--db", db, "--accept", "etoday")
    assert accepted.returncode == 0 and "1 drifted runs accepted" in accepted.stderr


def test_health_without_figures_and_bad_database(tmp_path):
    db = tmp_path / "empty.db"
    Store(db).close()
    result = run_cli("health", "--db", db)
    assert result.returncode == 0 and "no site figures yet" in result.stdout
    bad = tmp_path / "bad.db"
    bad.write_text("not a database")
    result = run_cli("health", "--db", bad)
    assert result.returncode == 1 and result.stderr.strip().startswith("declutter: ")
    assert "Traceback" not in result.stderr


def test_small_runs_are_judged_together():
    """Crawls of two pages each: one alone proves little, several together do."""
    history = judged_history(runs=8)
    states = []
    for i in range(8):
        row = run_row(range(700 + 2 * i, 702 + 2 * i), "byline")
        verdict = judge(row, history)
        states.append(verdict.state)
        history.insert(0, {**row, "state": verdict.state})
        if verdict.state == "drifted":
            assert verdict.findings[0].startswith("over its last ") and "authors found in" in verdict.line()
            break
    assert states[0] == "healthy" and states[-1] == "drifted", states
