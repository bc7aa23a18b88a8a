"""Speed and memory of the generic HTML path against trafilatura.extract alone, same pages, same process.

    .venv/bin/python bench/bench_html.py                  # the saved pages under fixtures/
    .venv/bin/python bench/bench_html.py --pages DIR      # any folder of .html / .html.gz pages

The generic path (`cleaners.htmlpage.clean_generic`: parse once, metadata, trafilatura,
paragraph rules, fallback) is timed on decoded text, and so is trafilatura.extract with
its default options; each page is run by both in turn, several rounds, and each page's
best time is kept, so a burst of load on a busy machine slows neither alone. trafilatura's
per-line memo is cleared before every call (outside the timing): a stream of new pages
never hits it. Prints the time ratio (target: at most
1.25) and the peak Python allocation of one pass of each (tracemalloc), plus the
process's peak resident size.
"""
from __future__ import annotations

import argparse
import gzip
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners.decode import decode  # noqa: E402
from cleaners.htmlpage import clean_generic  # noqa: E402


def load_pages(folder: Path) -> list[str]:
    pages = []
    for path in sorted(folder.rglob("*")):
        if path.name.endswith(".html.gz"):
            raw = gzip.decompress(path.read_bytes())
        elif path.suffix == ".html":
            raw = path.read_bytes()
        else:
            continue
        pages.append(decode(raw))
    return pages


def clear_memos() -> None:
    """trafilatura memoises its per-line text functions; rounds over the same pages would be
    answered from that cache, which a stream of new pages never sees. Cleared before every pass
    of either subject (both run trafilatura)."""
    from trafilatura.utils import line_processing, trim

    line_processing.cache_clear()
    trim.cache_clear()


def timed(fn, html: str) -> float:
    clear_memos()
    t0 = time.perf_counter()
    fn(html)
    return time.perf_counter() - t0


def peak_kib(fn, pages: list[str]) -> float:
    clear_memos()
    tracemalloc.start()
    for html in pages:
        fn(html)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=Path, default=ROOT / "fixtures")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()

    import trafilatura

    pages = load_pages(args.pages)
    if args.limit:
        pages = pages[: args.limit]
    if not pages:
        raise SystemExit(f"no .html or .html.gz pages under {args.pages}")

    def baseline(html: str):
        return trafilatura.extract(html)

    def generic(html: str):
        return clean_generic(html)

    for html in pages[:3]:  # imports and compiled patterns warm for both
        timed(baseline, html)
        timed(generic, html)
    best_b = [float("inf")] * len(pages)
    best_g = [float("inf")] * len(pages)
    for _ in range(args.rounds):  # interleaved page by page: a burst of load hits both alike
        for i, html in enumerate(pages):
            best_b[i] = min(best_b[i], timed(baseline, html))
            best_g[i] = min(best_g[i], timed(generic, html))
    b, g = sum(best_b), sum(best_g)
    b_mem, g_mem = peak_kib(baseline, pages), peak_kib(generic, pages)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(pages)} pages from {args.pages.name}/, best of {args.rounds} rounds per page")
    print(f"trafilatura.extract   {b * 1000 / len(pages):7.2f} ms/page   peak alloc {b_mem:9.0f} KiB")
    print(f"generic HTML path     {g * 1000 / len(pages):7.2f} ms/page   peak alloc {g_mem:9.0f} KiB")
    print(f"time ratio generic/trafilatura: {g / b:.2f}  (target <= 1.25)")
    print(f"memory ratio generic/trafilatura: {g_mem / b_mem:.2f};  process peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
