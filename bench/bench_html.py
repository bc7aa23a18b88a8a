"""Speed and memory of the generic HTML path against trafilatura.extract alone, same pages, same process.

    .venv/bin/python bench/bench_html.py                  # the saved pages under fixtures/
    .venv/bin/python bench/bench_html.py --pages DIR      # any folder of .html / .html.gz pages

The generic path (`cleaners.htmlpage.clean_generic`: parse once, metadata, trafilatura,
paragraph rules, fallback) is timed on decoded text, and so is trafilatura.extract with
its default options; the pages are run in alternating rounds and the best round of each
is kept, so a busy machine slows both alike. Prints the time ratio (target: at most
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


def one_pass(fn, pages: list[str]) -> float:
    t0 = time.perf_counter()
    for html in pages:
        fn(html)
    return time.perf_counter() - t0


def peak_kib(fn, pages: list[str]) -> float:
    tracemalloc.start()
    for html in pages:
        fn(html)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=Path, default=ROOT / "fixtures")
    ap.add_argument("--rounds", type=int, default=5)
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

    one_pass(baseline, pages[:3])  # imports and caches warm for both
    one_pass(generic, pages[:3])
    base_t, gen_t = [], []
    for _ in range(args.rounds):
        base_t.append(one_pass(baseline, pages))
        gen_t.append(one_pass(generic, pages))
    b, g = min(base_t), min(gen_t)
    b_mem, g_mem = peak_kib(baseline, pages), peak_kib(generic, pages)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(pages)} pages from {args.pages.name}/, best of {args.rounds} rounds")
    print(f"trafilatura.extract   {b * 1000 / len(pages):7.2f} ms/page   peak alloc {b_mem:9.0f} KiB")
    print(f"generic HTML path     {g * 1000 / len(pages):7.2f} ms/page   peak alloc {g_mem:9.0f} KiB")
    print(f"time ratio generic/trafilatura: {g / b:.2f}  (target <= 1.25)")
    print(f"memory ratio generic/trafilatura: {g_mem / b_mem:.2f};  process peak RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
