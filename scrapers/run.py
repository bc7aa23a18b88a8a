"""Running crawls from Python (what `declutter crawl` calls): targets in, results out.

All crawls given run at once in one Twisted reactor, which can start only once per process.
"""
from __future__ import annotations

import logging
import os
import signal
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .extensions import COUNTS, crawl_counts

DONE = {"finished", "max_pages"}


def describe(error: BaseException) -> str:
    """An exception as one line: its message, with its kind when the message alone is vague."""
    text = " ".join(str(error).split())
    if not text or isinstance(error, (ImportError, AttributeError, KeyError, TypeError)):
        return f"{type(error).__name__}: {text}".rstrip(": ")
    return text


@dataclass
class CrawlResult:
    spider: str
    args: dict
    stats: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    reason: str | None = None
    error: BaseException | None = None
    seconds: float = 0.0
    signal: int | None = None   # the signal (SIGINT, SIGTERM) that stopped the crawl, if one did

    @property
    def ok(self) -> bool:
        return self.error is None and self.reason in DONE

    def summary(self) -> str:
        label = self.args.get("url") or self.spider
        if self.error is not None:
            return f"{label}: not run: {describe(self.error)}"
        from declutter.words import counted, ended
        stopped = f"stopped by {signal.Signals(self.signal).name}" if self.signal else ended(self.reason)
        c = {**dict.fromkeys(COUNTS, 0), **self.counts}
        kinds = ", ".join(f"{c[k]:,} {k}" for k in ("new", "updated", "unchanged", "duplicate") if c[k])
        extra = "".join(f", {counted(c[k], noun)}" for k, noun in
                        (("changed", "changed page"), ("not_modified", "page not modified")) if c[k])
        return (f"{label}: {stopped} after {self.seconds:.1f}s: {counted(c['pages'], 'page')}, "
                f"{counted(c['articles'], 'article')}{f' ({kinds})' if kinds else ''}, "
                f"{counted(c['known'], 'link')} skipped as already stored{extra}, {counted(c['errors'], 'error')}; "
                f"run {self.stats.get('declutter/run_id', '?')}")


def project_settings(overrides: dict | None = None):
    """scrapers.settings, whatever the working directory, with `overrides` on top."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def spider_names(settings) -> list[str]:
    from scrapy.spiderloader import SpiderLoader
    return SpiderLoader.from_settings(settings).list()


def target(site_or_url: str, settings=None) -> tuple[str, dict]:
    """A spider name and its arguments: a registered site's spider (by its name or any of its
    hosts), or `generic` for a URL or an unregistered host. An unknown name raises ValueError
    (cleaners.sites.UnknownSite) naming the close matches."""
    from cleaners.sites import resolve
    if urlsplit(site_or_url).scheme in ("http", "https"):
        return "generic", {"url": site_or_url}
    if "." in site_or_url and "/" not in site_or_url.split("://")[-1].strip("/"):
        try:
            return resolve(site_or_url).name, {}
        except ValueError:  # a host no site claims: crawl it from its home page
            return "generic", {"url": f"https://{site_or_url.strip('/')}/"}
    return resolve(site_or_url).name, {}


class _OneLine(logging.Filter):
    """Scrapy logs a failed robots.txt with a whole traceback; the URL and reason suffice
    (the pages behind it get their own line in `errors`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        return True


def run_crawls(targets: list[tuple[str, dict]], settings) -> list[CrawlResult]:
    """Crawl every (spider, args) target at once; returns when all have ended.

    SIGINT or SIGTERM stops them as Scrapy does (the spiders close, their runs are recorded,
    their locks released); each result then names the signal. A second signal stops at once."""
    from scrapy.crawler import CrawlerProcess

    class Process(CrawlerProcess):
        def _signal_shutdown(self, signum, frame):
            for result in results:
                result.signal = result.signal or signum
            super()._signal_shutdown(signum, frame)

    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_OneLine())

    results = [CrawlResult(name, args) for name, args in targets]
    try:
        process = Process(settings)
    except Exception as exc:  # a bad setting or add-on: no crawl can run
        for result in results:
            result.error, result.reason = exc, "failed"
        return results
    for result in results:
        try:
            crawler = process.create_crawler(result.spider)
        except Exception as exc:
            result.error, result.reason = exc, "failed"
            continue
        started = time.monotonic()

        def ended(outcome, crawler=crawler, result=result, started=started):
            result.seconds = time.monotonic() - started
            try:
                stats = crawler.stats
            except RuntimeError:  # the crawl failed before Scrapy set up its stats
                stats = None
            if stats is not None:
                result.stats = stats.get_stats()
                result.counts = crawl_counts(stats)
                result.reason = result.stats.get("finish_reason")
            if hasattr(outcome, "value"):  # a Failure: the crawl could not run
                result.error = outcome.value
                result.reason = result.reason or "failed"
            return None

        process.crawl(crawler, **result.args).addBoth(ended)
    if any(r.error is None for r in results):
        process.start()
    return results


__all__ = ["CrawlResult", "project_settings", "run_crawls", "spider_names", "target"]
