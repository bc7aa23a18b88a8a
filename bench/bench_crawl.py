"""Crawl throughput against a local site on 127.0.0.1, next to clean-only on the same pages.

Subject: `declutter crawl http://127.0.0.1:PORT/sitemap.xml --db tmp.db` (fetch, clean in the
process pool, store), one crawl over every page. Baseline, in this process: the same pages
cleaned by `cleaners.clean` in a pool of as many processes as the crawl uses: the most this
machine can clean. The ratio is what fetching and storing cost on top of cleaning.

    .venv/bin/python bench/bench_crawl.py                       # the fixture pages, 40 URLs each
    .venv/bin/python bench/bench_crawl.py --pages DIR           # any folder of .html / .html.gz
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import clean  # noqa: E402
from scrapers.localsite import LocalSite  # noqa: E402


def clean_page(args):
    body, url = args
    return len(clean(body, url=url, content_type="text/html"))


def build_tree(tree: Path, pages: list[Path]) -> None:
    """One site, bench.test, holding every page under its own path."""
    (tree / "bench").mkdir(parents=True)
    for i, page in enumerate(pages):
        body = page.read_bytes()
        if page.suffix == ".gz":
            body = gzip.decompress(body)
        (tree / "bench" / f"p{i}.html").write_bytes(body)
        (tree / "bench" / f"p{i}.json").write_text(json.dumps({"url": f"http://bench.test/p/{i}.html"}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=Path, help="a folder of .html/.html.gz pages (default: the fixtures)")
    parser.add_argument("--copies", type=int, default=None, help="extra URLs per page (default 40 for the fixtures, 0 otherwise)")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of clean-only and crawl; the best of each counts")
    args = parser.parse_args()
    if args.pages:
        pages = sorted([*args.pages.glob("*.html"), *args.pages.glob("*.html.gz")])
        copies = args.copies or 0
    else:
        pages = sorted((ROOT / "fixtures" / "sites").glob("*/*.html"))
        copies = 40 if args.copies is None else args.copies
    workers = os.cpu_count() or 1

    with tempfile.TemporaryDirectory() as tmp:
        build_tree(Path(tmp) / "tree", pages)
        with LocalSite(Path(tmp) / "tree", copies=copies) as site:
            local = site.hosts["bench.test"]
            jobs = [(page.body, local.base + target) for target, page in local.pages.items()]

            clean_seconds = crawl_seconds = float("inf")
            with ProcessPoolExecutor(workers) as pool:  # baseline: clean only, same parallelism
                list(pool.map(clean_page, jobs[:workers * 2]))  # warm the workers
                for round_ in range(args.repeat):  # interleaved, best of each: the machine is shared
                    started = time.perf_counter()
                    clean_articles = sum(pool.map(clean_page, jobs, chunksize=4))
                    clean_seconds = min(clean_seconds, time.perf_counter() - started)

                    out = subprocess.run(
                        [sys.executable, "-m", "declutter", "crawl", local.base + "/sitemap.xml",
                         "--db", str(Path(tmp) / f"bench{round_}.db"), "-s", "DECLUTTER_PROGRESS_INTERVAL=0"],
                        capture_output=True, text=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
                    found = re.search(r"finished in ([\d.]+)s: (\d+) pages, (\d+) articles", out.stderr)
                    if out.returncode or not found:
                        sys.exit(f"crawl failed: {out.stderr[-2000:]}")
                    crawl_seconds = min(crawl_seconds, float(found[1]))
                    crawl_pages, crawl_articles = int(found[2]), int(found[3])

    clean_rate = clean_articles / clean_seconds
    crawl_rate = crawl_articles / crawl_seconds
    print(f"pages: {len(jobs)} ({len(pages)} distinct x {copies + 1} URLs), {workers} cores, "
          f"{len(jobs) / clean_seconds:.0f} pages/s cleaned")
    print(f"clean only ({workers} processes): {clean_articles} articles in {clean_seconds:.2f}s = {clean_rate:.1f} articles/s")
    print(f"crawl (fetch + clean + store):   {crawl_articles} articles from {crawl_pages} pages in "
          f"{crawl_seconds:.2f}s = {crawl_rate:.1f} articles/s")
    print(f"crawl / clean-only: {crawl_rate / clean_rate:.2f} (overhead {1 - crawl_rate / clean_rate:.0%})")


if __name__ == "__main__":
    main()
