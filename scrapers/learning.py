"""Learning sites during a run (crawl, clean --db): which sites are due, learning them from
their stored pages, and the learned profiles the run cleans with from then on.

A site is due when this run has cleaned LEARN_EVERY of its pages that neither a
hand-written profile nor a learned layout served. A site not learned yet is learned as
soon as it is due, and again each time that count doubles, so the rest of the run is
served by what it learned. A site whose pages stopped matching its learned layouts (a
redesign) is relearned when the run ends: the run's figures show the break, and site
health flags it, before the new layouts serve the next run. A site that hand-written
profiles serve is not learned."""
from __future__ import annotations

import logging
from collections import Counter, defaultdict

from cleaners.learn import from_spec, learn, site_of
from storage import learned as stored

log = logging.getLogger(__name__)

LEARN_EVERY = 12      # pages of a site the run cleaned without a layout, before it is learned
RUN_PAGES = 300       # the newest stored pages a learning during a crawl reads


def served_by(articles) -> str:
    """'learned', 'profile', or 'generic' (no article counts as generic: nothing served it)."""
    cleaner = (articles[0].cleaner or "") if articles else ""
    if cleaner.startswith("learned/"):
        return "learned"
    if cleaner and not cleaner.startswith(("generic", "text")):
        return "profile"
    return "generic"


class RunLearner:
    """The learned profiles of one run and the counts that say when to learn a site."""

    def __init__(self, store) -> None:
        self.store = store
        self.profiles = {site: from_spec(spec) for site, spec in stored.specs(store).items()}
        self.had = set(self.profiles)   # learned before this run: relearned at its end only
        self.fresh: set[str] = set()    # learned for the first time in this run
        self.counts: dict[str, Counter] = defaultdict(Counter)
        self.tried: dict[str, int] = {}
        self.results: dict[str, object] = {}

    def profile(self, url: str | None):
        site = site_of(url)
        return self.profiles.get(site) if site else None

    def add(self, url: str | None, articles) -> str | None:
        """Count a cleaned page; returns its site when the site is due for learning."""
        site = site_of(url or next((a.url for a in articles if a.url), None))
        if not site:
            return None
        counts = self.counts[site]
        counts[served_by(articles)] += 1
        if counts["profile"] > counts["generic"] or site in self.had:
            return None
        missed = counts["generic"]
        last = self.tried.get(site, 0)
        if missed >= LEARN_EVERY and missed >= 2 * last:
            self.tried[site] = missed
            return site
        return None

    def due(self) -> list[str]:
        """Sites the run cleaned enough pages of without a layout, not yet learned in it."""
        return sorted(site for site, counts in self.counts.items()
                      if counts["generic"] >= LEARN_EVERY and counts["profile"] <= counts["generic"]
                      and counts["generic"] > self.tried.get(site, 0))

    def pages(self, site: str, limit: int = RUN_PAGES) -> list[tuple[bytes, str | None]]:
        ids = stored.site_page_ids(self.store).get(site, [])[-limit:]
        return list(stored.pages_of(self.store, ids))

    def keep(self, site: str, result, run_id: int | None = None) -> list[int]:
        """Store what a learning kept and clean the site's next pages with it."""
        kept = [r.spec for r in result.reports if r.spec is not None]
        numbers = stored.save(self.store, site, kept, run_id)
        self.results[site] = result
        for report, number in zip((r for r in result.reports if r.spec is not None), numbers):
            report.version = number
        if numbers:
            self.profiles[site] = from_spec(stored.specs(self.store, site)[site])
            if site not in self.had:
                self.fresh.add(site)
            log.info("learned %s: layouts %s", site, numbers)
        return numbers

    def learn_now(self, site: str, run_id: int | None = None, limit: int = stored.LEARN_PAGES) -> list[int]:
        self.tried[site] = max(self.tried.get(site, 0), self.counts[site]["generic"])
        return self.keep(site, learn(self.pages(site, limit), site=site), run_id)


    def finish(self, run_id: int | None, limit: int = stored.LEARN_PAGES) -> list[str]:
        """At the end of a run: learn the sites due (new ones, and ones whose pages stopped
        matching their learned layouts), and clean the run's pages of each site learned
        for the first time again with its layouts (those of a redesigned site stay as
        they were cleaned: the run shows the break). Returns a line per site learned."""
        lines = []
        for site in self.due():
            try:
                numbers = self.learn_now(site, run_id, limit)
            except Exception as exc:  # learning is a bonus: the run's pages are stored
                log.warning("learning %s failed: %s: %s", site, type(exc).__name__, exc)
                continue
            lines.append(f"learned {site}: layouts {', '.join(map(str, numbers)) or 'none sure'}"
                         + (" (its pages stopped matching its layouts)" if site in self.had else ""))
        for site in sorted(self.fresh):
            if run_id is not None:
                n = reclean_run(self.store, site, run_id, self.profiles[site])
                lines.append(f"{site}: {n} of this run's pages cleaned with its learned layouts")
        return lines


def learn_pages(pages: list, site: str):
    """cleaners.learn.learn, for a worker process."""
    return learn(pages, site=site)


def reclean_run(store, site: str, run_id: int, profile) -> int:
    """Clean this run's stored pages of `site` again with its newly learned profile, so the
    run's own pages are served by what it learned; returns how many a learned layout served."""
    from cleaners import clean_strict
    served = 0
    with store._errors():
        ids = [row["id"] for row in store.conn.execute("SELECT id, url, final_url FROM pages WHERE run_id = ?",
                                                       (run_id,)) if site_of(row["final_url"] or row["url"]) == site]
    for page_id in ids:
        page = store.page(page_id)
        try:
            articles = clean_strict(page.body, page.url, fetched=page.fetched, source=page.source, learned=profile)
        except Exception:  # the page was cleaned once already; what is stored stays
            continue
        if served_by(articles) == "learned":
            store.save(page, articles, run_id)
            served += 1
    return served
