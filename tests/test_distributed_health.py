"""Site health of distributed crawls: two `declutter crawl etoday --redis URL` workers and one
`declutter store` writer on a real redis-server, over real HTTP to a local copy of a site
(tests/sitegen.py) served in this process. The run's `site_runs` row must equal the row of a
single-process crawl of the same site with the same history, and a changed copy must be
reported as drift by the writer and by the last worker's summary and exit status."""
from __future__ import annotations

import shutil

import sitegen
from conftest import run_cli
from scrapers.localsite import LocalSite, spider_aliases, spider_families, spider_targets
from scrapers.run import project_settings
from test_crawl import FAST, rows
from test_distributed import WORKER, Cluster, Recorder, finish, members, popen, redis, wait_for  # noqa: F401 (fixture)

PER_RUN = 12
FIRST = 1000
SETTINGS = [*FAST, "-s", "DECLUTTER_CLEAN_WORKERS=1", "-s", "DOWNLOAD_TIMEOUT=20"]
FIGURES = ("site", "pages", "articles", "no_article", "cleaners", "profile", "profile_pages", "generic_pages",
           "title", "published", "authors", "captions", "body_median", "body_p10", "body_p25", "body_p75",
           "body_p90", "paragraphs_median", "paragraphs_p10", "paragraphs_p25", "paragraphs_p75",
           "paragraphs_p90", "rules", "sources", "state", "drift")


def batch(i: int, n: int = PER_RUN) -> range:
    return range(FIRST + i * PER_RUN, FIRST + i * PER_RUN + n)


def single(tree, db):
    result = run_cli("crawl", "etoday", "--sample", "--sample-dir", tree, "--db", db, *SETTINGS, timeout=240)
    assert result.returncode in (0, 4), result.stderr
    return result


def last_row(db) -> dict:
    row = rows(db, "SELECT * FROM site_runs ORDER BY id DESC LIMIT 1")[0]
    return {name: row[name] for name in FIGURES}


def distributed(cluster: Cluster, recorder: Recorder, tree, runs_ended: int) -> list:
    """Two workers crawl the copy as one run; their exit statuses."""
    project_settings()
    with LocalSite(tree, aliases=spider_aliases(), families=spider_families()) as site:
        ((name, kwargs),) = [t for t in spider_targets(site) if t[0] == "etoday"]
        recorder.gate.clear()   # hold the site until both workers have joined the run
        workers = [cluster.worker(name, "-a", f"mirror={kwargs['mirror']}", *SETTINGS) for _ in range(2)]
        wait_for(lambda: members(cluster.redis) == 2, what="two workers in the run")
        recorder.gate.set()
        codes = [finish(w) for w in workers]
        cluster.drained(runs_ended=runs_ended)
    return codes


def test_a_distributed_run_records_the_site_figures_of_a_single_crawl_and_its_drift(tmp_path, redis, monkeypatch):
    recorder = Recorder(monkeypatch)
    recorder.gate.set()
    tree, history = tmp_path / "site", tmp_path / "history.db"
    for i in range(3):   # the site's history: three steady single-process runs (36 pages)
        sitegen.write_site(tree, batch(i))
        assert single(tree, history).returncode == 0
    one, many = tmp_path / "single.db", tmp_path / "distributed.db"
    shutil.copy(history, one)
    shutil.copy(history, many)

    sitegen.write_site(tree, batch(3))
    single(tree, one)
    cluster = Cluster(redis, many, tmp_path / "logs")
    cluster.start_writer()
    codes = distributed(cluster, recorder, tree, runs_ended=4)
    assert codes == [0, 0], cluster.log(None)
    expected = last_row(one)
    assert expected["state"] == "healthy" and expected["pages"] == PER_RUN
    assert last_row(many) == expected
    run = rows(many, "SELECT * FROM runs ORDER BY id DESC LIMIT 1")[0]
    (health,) = rows(many, "SELECT run_id, command FROM site_runs WHERE run_id = ?", run["id"])
    assert health["command"] == "crawl" and run["args"].endswith("(distributed)")
    assert not any(redis.client().scan_iter("declutter:run:*:pages"))   # the figures left Redis with the run

    # the site redesigned: the next distributed run is reported as drift
    sitegen.write_site(tree, range(FIRST, batch(4)[0] + 2 * PER_RUN), variant="renamed")
    codes = distributed(cluster, recorder, tree, runs_ended=5)
    said = "site drifted: etoday: profile etoday/2019 served 0 of 24 pages"
    assert sorted(codes) == [0, 4], cluster.log(None)        # the last worker to leave knows
    logs = sorted(cluster.logs.glob("worker*.log"))[-2:]
    last = logs[codes.index(4)].read_text()
    assert f"declutter crawl: {said}" in last, last
    cluster.stop_writer()
    assert said in (cluster.logs / "writer1.log").read_text()
    row = last_row(many)
    assert row["state"] == "drifted" and row["pages"] == 2 * PER_RUN and row["profile_pages"] == 0
    health = run_cli("health", "--db", many)
    assert health.returncode == 4 and health.stdout.startswith("etoday: drifted")


def test_one_worker_crawls_several_sites_each_its_own_run(tmp_path, redis):
    from test_crawl import build_site

    for name in ("a", "b"):
        build_site(tmp_path / name, traps=False)
    db = tmp_path / "news.db"
    cluster = Cluster(redis, db, tmp_path / "logs")
    cluster.start_writer()
    with LocalSite(tmp_path / "a") as a, LocalSite(tmp_path / "b") as b:
        urls = [s.hosts["news.test"].base + "/" for s in (a, b)]
        worker = popen("crawl", *urls, "--redis", redis.url, *WORKER, log=cluster.logs / "worker.log")
        assert finish(worker) == 0, cluster.log(None)
        cluster.drained(runs_ended=2)
        pages = len(a.hosts["news.test"].pages)
    cluster.stop_writer()
    log = cluster.log(None)
    assert all(f"declutter crawl {u}: finished" in log for u in urls), log
    runs = rows(db, "SELECT id, args, pages FROM runs ORDER BY id")
    assert sorted(r["args"] for r in runs) == sorted(f"generic {u} (distributed)" for u in urls)
    assert [r["pages"] for r in runs] == [pages, pages]
    health = rows(db, "SELECT run_id, pages, state FROM site_runs ORDER BY run_id")
    assert [(h["run_id"], h["pages"]) for h in health] == [(r["id"], pages) for r in runs]
