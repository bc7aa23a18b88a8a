"""Learned layouts in crawls over real HTTP: a local site whose layout no profile knows is
learned after its first pages and serves the rest; a redesign is flagged by site health,
then relearned from the new pages."""
import sqlite3

from scrapers.localsite import LocalPage, LocalSite

from learnsite import page_html, url
from test_crawl import crawl

RUN = 36  # pages per crawl


def add_pages(host, numbers, design):
    for n in numbers:
        target = url(n).split("/", 3)[3]
        host.pages["/" + target] = LocalPage("/" + target, page_html(n, design=design).encode(), {"url": url(n)})


def served(db, run_id):
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT coalesce(a.cleaner, 'none'), count(*) FROM pages p LEFT JOIN articles a "
                                 "ON a.page_id = p.id WHERE p.run_id = ? GROUP BY 1", (run_id,)).fetchall())


def last_run(db):
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT max(id) FROM runs WHERE command = 'crawl'").fetchone()[0]


def active_layouts(db):
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT version FROM learned_layouts WHERE active = 1 ORDER BY version")]


def test_a_site_is_learned_during_its_first_crawl_and_relearned_after_a_redesign(tmp_path):
    (tmp_path / "tree" / "daily").mkdir(parents=True)
    db = tmp_path / "news.db"
    # a tree of one page makes the host; the rest are added between runs
    (tmp_path / "tree" / "daily" / "seed.html").write_text(page_html(0))
    (tmp_path / "tree" / "daily" / "seed.json").write_text('{"url": "%s"}' % url(0))
    with LocalSite(tmp_path / "tree") as local:
        host = local.hosts["daily.test"]
        start = host.base + "/rss.xml"

        # first crawl: the site is learned once it has enough pages; pages cleaned after
        # that are served by its layout, and the run's earlier pages are cleaned again with it
        add_pages(host, range(1, RUN), "a")
        first = crawl(start, "--db", db, timeout=240)
        assert first.returncode == 0, first.stderr
        assert served(db, last_run(db)) == {"learned/127.0.0.1/1": RUN}
        assert active_layouts(db) == [1]

        # two more crawls of the same design: served by the learned layout
        for k in (1, 2):
            add_pages(host, range(k * RUN, (k + 1) * RUN), "a")
            again = crawl(start, "--db", db, timeout=240)
            assert again.returncode == 0, again.stderr
            assert served(db, last_run(db)) == {"learned/127.0.0.1/1": RUN}

        # a redesign: no page matches the learned layout; health flags the run, and the
        # site is relearned from the new pages at its end
        add_pages(host, range(3 * RUN, 4 * RUN), "b")
        redesign = crawl(start, "--db", db, timeout=240)
        assert "site drifted" in redesign.stderr and "learned/127.0.0.1/1 served 0 of" in redesign.stderr, \
            redesign.stderr
        assert served(db, last_run(db)).get("generic/1") == RUN
        assert active_layouts(db) == [1, 2]   # the old design's layout stays, for the stored pages in it

        # the next crawl of the new design is served by the new layout
        add_pages(host, range(4 * RUN, 5 * RUN), "b")
        after = crawl(start, "--db", db, timeout=240)
        assert after.returncode == 0, after.stderr
        assert served(db, last_run(db)) == {"learned/127.0.0.1/2": RUN}
