"""What the commands print and accept, run as a user runs them: plurals, one --format
vocabulary, limits, the report's header and small histories, progress, reclean --jobs,
serve-sample outside the project, a URL given to clean, and a WARC whose listing names an
article page it also holds."""
import io
import json
import socket
import sqlite3
import subprocess
import sys

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import FIXTURES, ROOT, SEEDS, run_cli

from declutter.words import counted, ended


def test_counts_read_as_words():
    assert counted(1, "page") == "1 page" and counted(2, "page") == "2 pages"
    assert counted(1200, "article") == "1,200 articles" and counted(3, "link") == "3 links"
    assert ended("max_pages") == "stopped at --max-pages" and ended("shutdown") == "interrupted"
    assert ended("memusage_exceeded") == "stopped (memusage exceeded)"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = tmp_path_factory.mktemp("out") / "news.db"
    one = sorted(SEEDS.glob("*.txt"))[0]
    result = run_cli("clean", one, "--db", db, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    return db, one


def test_one_page_is_singular_and_search_counts_results(seeded):
    db, one = seeded
    again = run_cli("clean", one, "--jobs", "1")
    assert again.stderr.strip().splitlines()[-1].startswith("declutter clean: 1 page, ")
    found = run_cli("search", "--db", db, "zzzznotthere")
    assert found.returncode == 1 and found.stderr.strip() == "declutter search: 0 results"


@pytest.mark.parametrize("args", [("search", "--db", "{db}", "KT", "--limit", "-1"),
                                  ("stats", "--db", "{db}", "--days", "0"),
                                  ("health", "--db", "{db}", "--runs", "-2"),
                                  ("crawl", "etoday", "--db", "{db}", "--max-pages", "-1")])
def test_negative_limits_are_refused(seeded, args):
    db, _ = seeded
    result = run_cli(*[a.format(db=db) for a in args])
    assert result.returncode == 2 and "must be at least" in result.stderr


def test_one_format_vocabulary_with_the_old_names_kept(seeded):
    db, _ = seeded
    text = run_cli("export", "--db", db, "--format", "text")
    old = run_cli("export", "--db", db, "--format", "txt")
    assert text.returncode == 0 and text.stdout == old.stdout and text.stdout.strip()
    as_json = run_cli("stats", "--db", db, "--format", "json")
    assert json.loads(as_json.stdout) == json.loads(run_cli("stats", "--db", db, "--json").stdout)
    health = run_cli("health", "--db", db, "--format", "jsonl")
    assert all(json.loads(line)["site"] for line in health.stdout.splitlines())


def test_stats_runs_name_their_site(seeded):
    db, _ = seeded
    out = run_cli("stats", "--db", db).stdout
    header = next(line for line in out.splitlines() if line.startswith("run "))
    assert header.split()[:3] == ["run", "command", "site"]
    site = sqlite3.connect(db).execute("SELECT site FROM site_runs").fetchone()[0]
    assert any(line.startswith("1 ") and f" {site} " in line for line in out.splitlines())


def test_report_names_its_database_and_skips_plots_of_a_single_run(seeded, tmp_path):
    db, _ = seeded
    report = tmp_path / "r.html"
    result = run_cli("health", "--db", db, "--html", report)
    assert result.returncode == 0, result.stderr
    html = report.read_text(encoding="utf-8")
    assert f"Database <code>{db}</code>" in html and " made 20" in html
    assert html.count("<svg") == 1  # the per-day bars only: one run is no line to plot
    assert "1 run with pages so far" in html and "run day" in html


def test_reclean_takes_jobs_and_says_how_far_it_is(seeded):
    db, _ = seeded
    result = run_cli("reclean", "--db", db, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("declutter reclean: 0 updated, 0 new, 0 gone, ")
    assert run_cli("reclean", "--db", db, "--jobs", "0").returncode == 2


def test_progress_shows_the_total_and_an_eta():
    from declutter.progress import Progress
    from declutter.sinks import Summary
    stream = io.StringIO()
    progress = Progress(stream, enabled=True, total=8)
    progress.update(Summary(pages=2, articles=3, errors=0), force=True)
    line = stream.getvalue()
    assert "2/8 (25%)" in line and "ETA " in line and "3 articles" in line


def test_clean_given_a_url_names_it_and_points_to_crawl(tmp_path):
    url = "https://www.etoday.co.kr/news/view/1219898"
    result = run_cli("clean", url, cwd=tmp_path)
    assert result.returncode == 1
    assert f"declutter: {url}: a URL, not a file" in result.stderr and "declutter crawl URL" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_sample_serves_every_host_from_any_folder(tmp_path):
    """Started outside the project, it serves the feed and listing hosts too; a port in use
    is one line naming it."""
    from scrapers.localsite import LocalSite, spider_aliases, spider_families
    with LocalSite(FIXTURES / "sites", aliases=spider_aliases(), families=spider_families()) as site:
        hosts = set(site.hosts)
    proc = subprocess.Popen([sys.executable, "-m", "declutter", "serve-sample"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
    try:
        served = set()
        for line in proc.stdout:
            served.add(line.split("\t")[0])
            if len(served) == len(hosts):
                break
    finally:
        proc.kill()
        proc.wait()
    assert served == hosts and "rss.etoday.co.kr" in served
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve-sample", "--port", port, cwd=tmp_path)
    assert result.returncode == 1 and f"port {port} on 127.0.0.1" in result.stderr


def test_a_warc_with_a_listing_and_its_article_cleans_unchanged_the_second_time(tmp_path):
    warc = tmp_path / "site.warc.gz"
    with open(warc, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        # the listing first in one archive, the article first in the other order: same rows
        for name in ("list-2023-industry-policy", "article-2023-kt-partners"):
            meta = json.loads((FIXTURES / "sites" / "metroseoul" / f"{name}.json").read_text(encoding="utf-8"))
            body = (FIXTURES / "sites" / "metroseoul" / f"{name}.html").read_bytes()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(meta["url"], "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
    db = tmp_path / "news.db"
    first = run_cli("clean", warc, "--db", db, "--jobs", "2")
    assert first.returncode == 0, first.stderr
    second = run_cli("clean", warc, "--db", db, "--jobs", "2")
    last = second.stderr.strip().splitlines()[-1]
    n = int(last.split(" articles")[0].rsplit(" ", 1)[1])
    assert last.endswith(f"{n} unchanged") and n > 2, last
    keys = [k for (k,) in sqlite3.connect(db).execute("SELECT key FROM articles")]
    article = "https://www.metroseoul.co.kr/article/20230417500172"
    assert article in keys and any(k.startswith(article + "#listed-on=") for k in keys)
