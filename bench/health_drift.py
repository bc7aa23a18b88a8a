"""Site-health drift tests: false alarms on steady runs, detections of injected changes.

    python bench/health_drift.py [--trials 200] [--runs 30] [--seed 1]

Pages come from the made-up site of tests/sitegen.py (etoday's markup, with the variation of
a real site: flash items and long stories, pages with and without photo or byline, ads in
some bodies, a few gallery pages the generic path takes and error pages), each cleaned once
by the real cleaners. A trial is one site's history: `--runs` steady runs, each of a sampled
size (1 to 60 pages, most small, as incremental crawls are) and mix (one run in five is
mostly short flash items), with discovery documents sometimes unchanged (304) or failing;
then each injected change, for `--after` runs (it persists, as a redesign does). Every run is judged by storage.health.judge against
the history before it, exactly as `declutter crawl` does. Prints false alarms per steady run
judged, and the share of changes detected on their first run (by its size) and within `--after` runs.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import cleaners  # noqa: E402
import sitegen  # noqa: E402
from storage.health import MIN_BASELINE_RUNS, SiteFigures, judge, rule_counts  # noqa: E402

VARIANTS = ("renamed", "moved", "clutter", "byline")
SITEMAP, FEED, LISTING = ("https://www.etoday.co.kr/sitemap.xml", sitegen.FEED,
                          "https://www.etoday.co.kr/news/flashnews/flash_list")


def cleaned(n: int, variant: str) -> tuple[list, dict]:
    url = f"{sitegen.ORIGIN}/news/view/{n}"
    trace: list = []
    articles = cleaners.clean(sitegen.page_html(n, 7, variant).encode(), url=url, trace=trace)
    return articles, rule_counts(trace)


MAX_PAGES = 60
AFTER = 3


def run_size(rng: random.Random) -> int:
    return max(1, min(MAX_PAGES, int(round(2 ** rng.uniform(0, 6)))))


FLASH_DAYS, FLASH_SHARE = 0.2, 0.6


def make_run(rng, pool, total_links, empty_feed=False, size=None) -> tuple[dict, int]:
    n = size or run_size(rng)
    fig = SiteFigures("etoday")
    if rng.random() < FLASH_DAYS:  # a day of short flash items
        short = [p for p in pool if p[0] and len(p[0][0].body) < 500]
        picks = [rng.choice(short) if rng.random() < FLASH_SHARE else rng.choice(pool) for _ in range(n)]
    else:
        picks = [rng.choice(pool) for _ in range(n)]
    for articles, rules in picks:
        fig.add_page(articles, rules)
    for url, kind, links in ((SITEMAP, "sitemap", total_links), (FEED, "feed", 0 if empty_feed else min(30, total_links)),
                             (LISTING, "listing", min(25, total_links))):
        r = rng.random()
        if r < 0.1 and not (empty_feed and kind == "feed"):
            fig.add_source(url, kind, not_modified=1)
        elif r < 0.12 and not (empty_feed and kind == "feed"):
            fig.add_source(url, kind, failed=1)
        else:
            fig.add_source(url, kind, urls=links, read=1)
    return {**fig.row(), "state": None}, n


def bucket(n: int) -> str:
    return "1-4 pages" if n < 5 else "5-19 pages" if n < 20 else "20+ pages"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--runs", type=int, default=30, help="steady runs per trial")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pool", type=int, default=600, help="distinct pages cleaned per variant")
    ap.add_argument("--after", type=int, default=AFTER, help="changed runs judged after each change")
    ap.add_argument("--max-pages", type=int, default=MAX_PAGES, help="largest run (a crawl every few minutes: 4)")
    ap.add_argument("--flash-days", type=float, default=FLASH_DAYS, help="share of runs that are flash-heavy")
    ap.add_argument("--flash-share", type=float, default=FLASH_SHARE, help="share of flash items on those days")
    args = ap.parse_args()
    globals().update(FLASH_DAYS=args.flash_days, FLASH_SHARE=args.flash_share, MAX_PAGES=args.max_pages, AFTER=args.after)
    rng = random.Random(args.seed)

    pools = {"steady": [cleaned(n, "steady") for n in range(10_000, 10_000 + args.pool)]}
    for variant in VARIANTS:
        pools[variant] = [cleaned(n, variant) for n in range(20_000, 20_000 + args.pool // 3)]

    judged = alarms = failures = 0
    alarm_kinds: Counter = Counter()
    hits: dict[str, Counter] = defaultdict(Counter)
    tries: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, str] = {}
    within: Counter = Counter()
    for _ in range(args.trials):
        history: list[dict] = []
        links = 0
        for _ in range(args.runs):
            row, n = make_run(rng, pools["steady"], links + 50)
            links += n
            verdict = judge(row, history)
            if verdict.state != "learning":
                judged += 1
                if verdict.state == "drifted":
                    if all("could not be fetched twice" in f for f in verdict.findings):
                        failures += 1  # the simulated fetch failures, twice in a row: said, rightly
                        continue
                    alarms += 1
                    alarm_kinds[verdict.findings[0].split(" ")[0]] += 1
                    examples.setdefault("false alarm", verdict.line())
            history.insert(0, {**row, "state": verdict.state})
        for change in (*VARIANTS, "emptyfeed"):
            pool = pools["steady" if change == "emptyfeed" else change]
            after = list(history)
            for k in range(AFTER):  # the change persists: the first runs after it
                row, n = make_run(rng, pool, links + 50, empty_feed=change == "emptyfeed")
                verdict = judge(row, after)
                after.insert(0, {**row, "state": verdict.state})
                if k == 0:
                    tries[change][bucket(n)] += 1
                if verdict.state == "drifted":
                    if k == 0:
                        hits[change][bucket(n)] += 1
                    within[change] += 1
                    examples.setdefault(change, verdict.line())
                    break

    print(f"steady runs judged: {judged} (after {MIN_BASELINE_RUNS} learning runs per site), "
          f"false alarms: {alarms} ({alarms / max(judged, 1):.2%} of runs)"
          + (f" [{', '.join(f'{k}: {v}' for k, v in alarm_kinds.most_common())}]" if alarms else ""))
    print(f"runs where a source failed twice in a row (2% of fetches fail at random): {failures}")
    for change in (*VARIANTS, "emptyfeed"):
        total = sum(tries[change].values())
        cells = ", ".join(f"{b}: {hits[change][b]}/{tries[change][b]}"
                          for b in ("1-4 pages", "5-19 pages", "20+ pages") if tries[change][b])
        print(f"{change:<10} detected on its first run {sum(hits[change].values())}/{total} ({cells}); "
              f"within {AFTER} runs {within[change]}/{total}")
    for kind, line in examples.items():
        print(f"  e.g. {kind}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
