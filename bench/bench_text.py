"""Speed of the text-dump path (cleaners.textdump.clean_text) against trafilatura on the same text.

The baseline is what a user would do without declutter: split the dump into lines, wrap
each line as a paragraph of a minimal HTML page and run `trafilatura.extract` on it.
Both run interleaved on the seed dumps, best of several rounds per dump (the round least
disturbed by other load). A second part times dumps of 10k and 100k short lines and one
huge single line, to show the path stays linear.

    .venv/bin/python bench/bench_text.py [--rounds N]
"""
from __future__ import annotations

import argparse
import html
import time
from pathlib import Path

import trafilatura

from cleaners.textdump import clean_text

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def baseline(text: str) -> str:
    page = "<html><body>" + "".join(f"<p>{html.escape(x)}</p>" for x in text.splitlines() if x.strip())
    return trafilatura.extract(page + "</body></html>") or ""


def best(fn, arg, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=30)
    args = ap.parse_args()
    dumps = sorted(SEEDS.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in dumps]
    for text in texts:  # warm caches and regex compilation for both
        clean_text(text)
        baseline(text)
    print(f"{len(texts)} seed dumps, {args.rounds} rounds, best time per dump")
    print(f"{'dump':28} {'lines':>5} {'text ms':>8} {'trafilat. ms':>12} {'ratio':>7}")
    ours_total = base_total = 0.0
    for path, text in zip(dumps, texts):
        ours, base = 1e9, 1e9
        for _ in range(args.rounds):  # interleave so both see the same load
            ours = min(ours, best(clean_text, text, 1))
            base = min(base, best(baseline, text, 1))
        ours_total += ours
        base_total += base
        print(f"{path.name[:28]:28} {text.count(chr(10)) + 1:5} {ours * 1e3:8.2f} {base * 1e3:12.2f} "
              f"{base / ours:6.1f}x")
    n = len(texts)
    print(f"{'all dumps':28} {'':5} {ours_total / n * 1e3:8.2f} {base_total / n * 1e3:12.2f} "
          f"{base_total / ours_total:6.1f}x")
    rate = n / ours_total
    print(f"text path: {rate:.0f} dumps/s on one core (target >= 300); trafilatura: {n / base_total:.0f} dumps/s")
    print("linearity (ms per 10k lines should stay flat):")
    for label, text in [("10k short lines", "짧은 줄 하나\n" * 10_000),
                        ("100k short lines", "짧은 줄 하나\n" * 100_000),
                        ("10k prose lines", "A sentence that reads like an article paragraph, long enough.\n\n" * 5_000),
                        ("100k prose lines", "A sentence that reads like an article paragraph, long enough.\n\n" * 50_000)]:
        t = best(clean_text, text, 3)
        lines = text.count("\n")
        print(f"  {label:18} {t * 1e3:9.1f} ms  {t * 1e3 / lines * 10_000:7.1f} ms/10k lines")
    one = "가" * 5_000_000
    print(f"  one 5M-char line   {best(clean_text, one, 3) * 1e3:9.1f} ms")


if __name__ == "__main__":
    main()
