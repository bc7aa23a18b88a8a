"""Site profiles against trafilatura on the same fixture pages, in the same process.

For every page under fixtures/sites/ the page's profile (`profile.clean`) and
`trafilatura.extract` run on the same decoded HTML, interleaved, several rounds; the
report is the time per page of each (the best of the rounds, the run least disturbed
by other work on the machine) and the ratio (target: profile >= 5x faster), then
the share of the profile's time spent in the shared line rules (`cleaners.rules.line_rule`,
its safety net on every body line), then the peak memory each allocates while cleaning
the whole set once (tracemalloc).
The profile keeps no per-page caches; trafilatura's per-line memo is cleared before
each of its runs, so that repeating the same pages does not flatter it.

    .venv/bin/python bench/bench_sites.py [--rounds N]
"""
from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from trafilatura.utils import line_processing, trim  # noqa: E402

from cleaners.decode import decode  # noqa: E402
from cleaners.rules import line_rule  # noqa: E402
from cleaners.sites import find_profile  # noqa: E402


def load():
    pages = []
    for path in sorted((ROOT / "fixtures" / "sites").glob("*/*.html")):
        url = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))["url"]
        html = decode(path.read_bytes())
        profile = find_profile(url, html)
        lines = [p for a in profile.clean(html, url) for p in a.paragraphs]
        pages.append((f"{path.parent.name}/{path.stem}", url, html, profile, lines))
    return pages


def run_profile(page):
    _, url, html, profile, _ = page
    return profile.clean(html, url)


def run_trafilatura(page):
    _, url, html, _, _ = page
    return trafilatura.extract(html, url=url)


def run_line_rules(page):
    """The part of a profile's time spent in the shared single-line rules (its safety net)."""
    for line in page[4]:
        line_rule(line)


def forget_seen_text() -> None:
    """trafilatura memoises its per-line text functions; over rounds of the same pages that
    cache answers for every line, which a stream of new pages never sees. Cleared before
    each timed call (outside the timing); warm state that any page reuses is kept."""
    line_processing.cache_clear()
    trim.cache_clear()


def timed(fn, page) -> float:
    forget_seen_text()
    start = time.perf_counter()
    fn(page)
    return time.perf_counter() - start


def peak_bytes(fn, pages) -> int:
    gc.collect()
    tracemalloc.start()
    for page in pages:
        fn(page)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    pages = load()
    for page in pages:  # warm both up: imports, compiled selectors, caches
        assert run_profile(page), page[0]
        run_trafilatura(page)
    times = {"profile": defaultdict(list), "trafilatura": defaultdict(list), "rules": defaultdict(list)}
    for _ in range(args.rounds):
        for page in pages:
            times["profile"][page[0]].append(timed(run_profile, page))
            times["trafilatura"][page[0]].append(timed(run_trafilatura, page))
            times["rules"][page[0]].append(timed(run_line_rules, page))

    print(f"{len(pages)} pages, {args.rounds} rounds, best time per page")
    print(f"{'page':40} {'profile ms':>10} {'(rules ms)':>10} {'trafilat. ms':>12} {'ratio':>7} {'w/o rules':>9}")
    ratios = []
    for name, *_ in pages:
        p = min(times["profile"][name]) * 1000
        r = min(times["rules"][name]) * 1000
        t = min(times["trafilatura"][name]) * 1000
        ratios.append(t / p)
        print(f"{name:40} {p:10.2f} {r:10.2f} {t:12.2f} {t / p:6.1f}x {t / (p - r):8.1f}x")
    total_p = sum(min(v) for v in times["profile"].values())
    total_t = sum(min(v) for v in times["trafilatura"].values())
    total_r = sum(min(v) for v in times["rules"].values())
    print(f"{'all pages':40} {total_p * 1000 / len(pages):10.2f} {total_r * 1000 / len(pages):10.2f} "
          f"{total_t * 1000 / len(pages):12.2f} {total_t / total_p:6.1f}x {total_t / (total_p - total_r):8.1f}x")
    print(f"slowest ratio {min(ratios):.1f}x (target >= 5x): {'OK' if min(ratios) >= 5 else 'MISSED'}")
    mp, mt = peak_bytes(run_profile, pages), peak_bytes(run_trafilatura, pages)
    print(f"peak traced memory over the set: profile {mp / 2**20:.1f} MiB, trafilatura {mt / 2**20:.1f} MiB "
          f"({mt / mp:.1f}x)")


if __name__ == "__main__":
    main()
