"""Site health for `clean --db` and `reclean`: the figures of each cleaned page, gathered
for the run and stored with it (storage.health judges them against each site's history).

A page's site is named as its crawls name it (the site spider covering its host), so
saved pages and crawls of one site share one history."""
from __future__ import annotations

import sys

from storage.health import RunFigures, rule_counts


class HealthRecorder:
    def __init__(self) -> None:
        from scrapers.health import PageSites
        self.site_of = PageSites()
        self.figures = RunFigures()

    def add(self, url: str | None, articles: list, trace: list | None) -> None:
        self.figures.add_page(self.site_of(url, articles), articles, rule_counts(trace or ()))

    def traced(self, clean):
        """`clean` that also records each page's figures (for Store.reclean)."""
        def run(content, url=None, **kwargs):
            trace: list = []
            articles = clean(content, url, trace=trace, **kwargs)
            self.add(url, articles, trace)
            return articles
        return run

    def record(self, store, run_id: int | None, command: str, prog: str) -> list:
        """Store the run's figures; each drifted site gets a line on stderr."""
        from storage.health import record
        if not self.figures:
            return []
        verdicts = record(store, run_id, command, self.figures)
        for verdict in verdicts:
            if verdict.state == "drifted":
                print(f"declutter {prog}: site drifted: {verdict.line()}", file=sys.stderr)
        return verdicts
