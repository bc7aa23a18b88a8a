"""Learned layouts: learning from a site's own pages, cleaning with them, storing them, and
the commands that use them (clean --db, learn, reclean, sites)."""
import ast
import random
import sqlite3

import pytest

from cleaners import clean
from cleaners.learn import from_spec, learn, learn_site
from storage import Store
from storage import learned as stored

from conftest import run_cli
from learnsite import HOST, page_html, story, url

PAGES = [(page_html(n).encode(), url(n)) for n in range(1, 16)]


@pytest.fixture(scope="module")
def profile():
    return learn_site(PAGES)


def test_learns_the_layout_and_serves_unseen_pages_of_it(profile):
    assert [lay.version for lay in profile.layouts] == ["1"]
    trace = []
    [article] = clean(page_html(40), url=url(40), learned=profile, trace=trace)
    s = story(40)
    assert article.cleaner == f"learned/{HOST}/1"
    assert article.title == s["title"]
    assert article.authors == [s["author"]]
    assert article.published is not None and article.published.day == s["day"]
    assert article.paragraphs == s["paragraphs"]
    rules = {d.rule for d in trace}
    # every template block is cut under the name of what it is
    assert {"learned:share-bar", "learned:font-size", "learned:ad", "learned:reporter-card",
            "learned:subscription", "learned:related"} <= rules
    assert any(d.rule == "learned:template-repeat" and d.text.startswith("Copyright") for d in trace)


def test_same_pages_in_any_order_give_the_same_profile(profile):
    shuffled = list(PAGES)
    random.Random(7).shuffle(shuffled)
    assert learn_site(shuffled).spec == profile.spec


def test_a_page_of_another_design_goes_to_the_generic_path(profile):
    [article] = clean(page_html(41, design="b"), url=url(41), learned=profile)
    assert article.cleaner.startswith("generic")
    assert article.paragraphs == story(41)["paragraphs"]


def test_never_empties_a_page_the_generic_path_cleans(profile):
    # the learned body container is there but empty; the story sits elsewhere
    html = page_html(42).replace('<div class="story-body">', '<div class="story-body"></div><div class="x">', 1)
    [article] = clean(html, url=url(42), learned=profile)
    assert article.cleaner.startswith("generic")
    assert story(42)["paragraphs"][0] in article.body


def test_too_few_pages_learn_nothing():
    result = learn(PAGES[:2])
    assert result.profile.layouts == []
    assert "fewer than 3" in result.reports[0].reason


def test_pickles_through_its_spec(profile):
    import pickle
    again = pickle.loads(pickle.dumps(profile))
    assert again.spec == profile.spec
    assert clean(page_html(43), url=url(43), learned=again)[0].cleaner == f"learned/{HOST}/1"


def test_storage_keeps_numbers_for_the_same_shape(tmp_path, profile):
    with Store(tmp_path / "l.db") as store:
        layout = profile.layout_specs()[0]
        assert stored.save(store, HOST, [layout]) == [1]
        assert stored.save(store, HOST, [{**layout, "pages": 99}]) == [1]      # counts differ: same layout
        changed = {**layout, "drop": layout["drop"][:1]}
        assert stored.save(store, HOST, [changed]) == [2]
        assert [r["version"] for r in stored.rows(store, HOST, active_only=True)] == [2]
        assert stored.save(store, HOST, []) == []                               # nothing sure: 2 stays
        assert from_spec(stored.specs(store)[HOST]).layouts[0].version == "2"


def test_clean_db_learns_then_learn_reclean_and_sites(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(1, 31):
        (pages / f"{n:03}.html").write_text(page_html(n), encoding="utf-8")
    db = tmp_path / "news.db"
    done = run_cli("clean", pages, "--db", db, "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert f"learned {HOST}: layouts 1" in done.stderr
    with sqlite3.connect(db) as conn:
        cleaners = dict(conn.execute("SELECT cleaner, count(*) FROM articles GROUP BY cleaner").fetchall())
        assert cleaners.get(f"learned/{HOST}/1", 0) >= 25, cleaners
        assert conn.execute("SELECT count(*) FROM learned_layouts WHERE active = 1").fetchone()[0] == 1

    done = run_cli("learn", "--db", db)
    assert done.returncode == 0, done.stderr
    assert f"learned/{HOST}/1: 30 pages share its template" in done.stdout
    assert "agreement with generic 1.00" in done.stdout

    done = run_cli("reclean", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "0 updated" in done.stderr

    done = run_cli("sites", "--db", db)
    assert done.returncode == 0, done.stderr
    assert HOST in done.stdout and "learned (1 layout)" in done.stdout

    done = run_cli("sites", "show", HOST, "--db", db)
    assert done.returncode == 0, done.stderr
    tree = ast.parse(done.stdout)   # Python source a person can promote to cleaners/sites/
    assert "body='div.story-body'" in done.stdout and "('share-bar', 'div.share-tools')" in done.stdout
    assert any(isinstance(n, ast.Assign) and n.targets[0].id == "PROFILE" for n in tree.body)

    done = run_cli("sites", "show", "nowhere.test", "--db", db)
    assert done.returncode == 2 and "unknown site 'nowhere.test'" in done.stderr and HOST in done.stderr


def test_a_hand_written_profile_comes_first_and_learned_takes_over_where_it_stops_matching(tmp_path):
    from pathlib import Path
    etoday = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "etoday").glob("*.html"))
    assert etoday
    page = etoday[0].read_bytes()
    hand = clean(page, url="https://www.etoday.co.kr/news/view/1")
    assert hand and hand[0].cleaner.startswith("etoday/")
    # a learned profile of the same site does not take a page the hand-written one serves
    learned = from_spec({**learn_site(PAGES).spec, "site": "etoday"})  # the registry's name of the site
    assert clean(page, url="https://www.etoday.co.kr/news/view/1", learned=learned)[0].cleaner == hand[0].cleaner
    # a page in a design the hand-written profile does not know: the learned layout serves it
    other = clean(page_html(44), url="https://www.etoday.co.kr/news/view/2", learned=learned)
    assert other[0].cleaner == "learned/etoday/1"
