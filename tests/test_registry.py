"""The site registry: one home per site, and one meaning of a site argument in every command."""
import json
import sqlite3

import pytest

from cleaners.sites import UnknownSite, profiles, resolve, site_for, site_name, sites
from conftest import FIXTURES, run_cli


def test_every_site_has_one_home_and_no_host_belongs_to_two_sites():
    names = [site.name for site in sites()]
    assert len(names) == len(set(names))
    for site in sites():
        assert site.hosts and site.sources.article_patterns, site.name
        for host in site.hosts:
            assert [s.name for s in sites() if s.owns(host)] == [site.name], host
    # every profile serves at least one site, and a CMS family's profile serves several
    assert {p.name for p in profiles()} == {s.profile.name for s in sites() if s.profile}


@pytest.mark.parametrize("given", ["etoday", "ETODAY", "etoday.co.kr", "www.etoday.co.kr", "m.etoday.co.kr",
                                   "https://www.etoday.co.kr/news/view/1", "rss.etoday.co.kr"])
def test_a_site_is_named_by_its_name_or_any_of_its_hosts(given):
    assert resolve(given).name == "etoday"


def test_a_page_is_named_by_its_site_else_its_host():
    assert site_name("https://m.sports.naver.com/article/001/0000000001") == "naver"
    assert site_for("https://www.example.org/a") is None
    assert site_name("https://www.example.org/a") == "example.org"
    assert site_name(None, fallback="한빛경제") == "한빛경제"


def test_an_unknown_site_names_the_close_matches():
    with pytest.raises(UnknownSite, match="did you mean etoday"):
        resolve("etodya")
    with pytest.raises(UnknownSite, match="known sites: daum, etoday"):
        resolve("zzzz")
    assert resolve("example.org", known=["example.org"]) == "example.org"


def test_the_spiders_are_declared_from_the_registry():
    from scrapers.run import target
    listed = run_cli("crawl", "--list")
    assert listed.returncode == 0, listed.stderr
    assert set(listed.stdout.split()) == {site.name for site in sites()}
    assert target("m.sports.naver.com") == ("naver", {})
    assert target("www.example.org") == ("generic", {"url": "https://www.example.org/"})


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("registry") / "news.db"
    result = run_cli("clean", FIXTURES / "sites", "--db", path)
    assert result.returncode == 0, result.stderr
    return path


def _export(db, *args):
    result = run_cli("export", "--db", db, "--format", "jsonl", *args)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_command_takes_a_site_name_or_any_of_its_hosts(db):
    by_name = _export(db, "--site", "naver")
    hosts = {row["site"] for row in by_name}
    assert len(hosts) >= 3 and all("naver.com" in h for h in hosts)  # the portal's many hosts are one site
    assert _export(db, "--site", "m.sports.naver.com") == by_name
    assert _export(db, "--site", "www.etoday.co.kr") == _export(db, "--site", "etoday") != []
    dry = run_cli("reclean", "--db", db, "--site", "news.naver.com", "--dry-run", "--format", "jsonl")
    assert dry.returncode == 0, dry.stderr
    assert {json.loads(line)["url"] for line in dry.stdout.splitlines()} == {row["url"] for row in by_name}


@pytest.mark.parametrize("command", [["export"], ["reclean", "--dry-run"], ["health"]])
def test_an_unknown_site_is_an_error_that_lists_the_close_matches(db, command):
    result = run_cli(*command, "--db", db, "--site", "navr")
    assert result.returncode == 2
    assert "unknown site 'navr'" in result.stderr and "naver" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_site_to_crawl_is_an_error_before_anything_runs(tmp_path):
    result = run_cli("crawl", "etodya", "--db", tmp_path / "x.db")
    assert result.returncode == 2 and "did you mean etoday" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_sites_lists_every_site_with_what_serves_it_and_its_health(db, tmp_path):
    with sqlite3.connect(db) as conn:  # a page of a site no entry claims, as a generic crawl stores it
        conn.execute("UPDATE pages SET site = 'example.org' WHERE id = (SELECT min(id) FROM pages)")
    listed = run_cli("sites", "--db", db, "--json")
    assert listed.returncode == 0, listed.stderr
    table = {row["site"]: row for row in map(json.loads, listed.stdout.splitlines())}
    assert set(table) >= {site.name for site in sites()} | {"example.org"}
    assert table["naver"]["served_by"].startswith("profile naver")
    assert table["ezyeconomy"]["served_by"] == table["mediatoday"]["served_by"] == "profile ndsoft (2 layouts)"
    assert table["example.org"]["served_by"] == "generic"
    assert {row["health"] for row in table.values()} <= {"no runs", "healthy", "learning", "drifted", "accepted"}
    shown = run_cli("sites", "show", "v.daum.net")
    assert shown.returncode == 0 and shown.stdout.startswith("site daum")
    assert "layout 2023" in shown.stdout and "cut font-size: div.layer_size" in shown.stdout
