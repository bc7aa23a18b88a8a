"""Page data against the markup, on a dev set with gold bodies: which reads better, page by page.

    .venv/bin/python bench/page_data.py ../shared/devdata/wcxb-dev [more sets]

For every page whose scripts carry its article (`cleaners.pagedata`), the body F1 (the dev
scorer's) of three readings: the markup's alone, the page data's alone (whenever found), and
the one the generic path chooses; with the data's length against the markup's. Then the same
for JSON-LD's `articleBody` alone, on the pages where it and the markup both hold the whole
article (0.8 to 1.25 times each other's characters): the figure behind keeping the markup there.

    .venv/bin/python bench/page_data.py --time DIR      # share of the generic path's time spent on page data

times the generic path over a folder of pages and reports the part spent in the cheap gate
(`worth_reading`) and in reading the data (`page_data`), and on how many pages each ran.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import clean, pagedata  # noqa: E402

_documents, _worth, _preferred = pagedata._documents, pagedata.worth_reading, pagedata.preferred


def reading(raw: bytes, url: str | None, mode: str, only: str | None = None) -> tuple[str, bool]:
    """The body one reading gives, and whether it came from page data."""
    if mode == "markup":
        pagedata.worth_reading = lambda tree, chars: False
    elif mode == "data":
        pagedata.worth_reading = lambda tree, chars: True
        pagedata.preferred = lambda paragraphs, markup: sum(map(len, paragraphs)) >= pagedata.MIN_PROSE
        if only:
            pagedata._documents = lambda tree, budget: ((s, d) for s, d in _documents(tree, budget) if s == only)
    try:
        articles = clean(raw, url=url)
    finally:
        pagedata._documents, pagedata.worth_reading, pagedata.preferred = _documents, _worth, _preferred
    return "\n".join(a.body for a in articles), any("pagedata" in (a.cleaner or "") for a in articles)


def time_share(folder: Path) -> None:
    import time

    from cleaners.decode import decode
    from cleaners.htmlpage import clean_generic

    spent = {"worth_reading": [0, 0.0], "page_data": [0, 0.0]}

    def timed(name, fn):
        def run(*args):
            start = time.perf_counter()
            try:
                return fn(*args)
            finally:
                spent[name][0] += 1
                spent[name][1] += time.perf_counter() - start
        return run

    pagedata.worth_reading = timed("worth_reading", _worth)
    pagedata.page_data = timed("page_data", pagedata.page_data)
    pages = [gzip.decompress(p.read_bytes()) if p.name.endswith(".gz") else p.read_bytes()
             for p in sorted(folder.rglob("*")) if p.name.endswith((".html", ".html.gz"))]
    start = time.perf_counter()
    for raw in pages:
        clean_generic(decode(raw))
    total = time.perf_counter() - start
    print(f"{len(pages)} pages, generic path {total:.2f} s")
    for name, (calls, seconds) in spent.items():
        print(f"  {name:14} ran on {calls:4} pages, {seconds:.3f} s = {100 * seconds / total:.1f}% of the path's time")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="+", type=Path)
    ap.add_argument("--time", action="store_true", help="the share of the generic path's time spent on page data")
    args = ap.parse_args()
    if args.time:
        for folder in args.sets:
            time_share(folder)
        return
    sys.path.insert(0, str(args.sets[0].resolve().parent.parent / "tools"))
    from score import prf

    for folder in args.sets:
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        rows, ld_rows = [], []
        for name, g in sorted(gold.items()):
            raw = (folder / name).read_bytes()
            raw = gzip.decompress(raw) if name.endswith(".gz") else raw
            true = "\n".join(p for x in g["articles"] for p in x["body"])
            url = g.get("url")
            data, found = reading(raw, url, "data")
            if not found:
                continue
            markup, _ = reading(raw, url, "markup")
            chosen, used = reading(raw, url, "chosen")
            f = [prf(true, text)[2] for text in (markup, data, chosen)]
            rows.append(f)
            print(f"{name[:44]:44} markup {f[0]:.3f}  data {f[1]:.3f}  chosen {f[2]:.3f}  "
                  f"data/markup chars {len(data) / max(1, len(markup)):5.2f}  {'data' if used else 'markup'}")
            if b"articleBody" in raw:
                ld, ld_found = reading(raw, url, "data", only="JSON-LD")
                if ld_found and 0.8 <= len(ld) / max(1, len(markup)) <= 1.25:
                    ld_rows.append((f[0], prf(true, ld)[2]))
        n = len(rows)
        print(f"== {folder.name}: {n} pages with page data; mean F1 markup "
              f"{sum(r[0] for r in rows) / max(1, n):.4f}, data {sum(r[1] for r in rows) / max(1, n):.4f}, "
              f"chosen {sum(r[2] for r in rows) / max(1, n):.4f}")
        if ld_rows:
            k = len(ld_rows)
            print(f"== {folder.name}: {k} pages whose JSON-LD articleBody and markup both hold the article: "
                  f"markup F1 {sum(m for m, _ in ld_rows) / k:.4f}, JSON-LD F1 {sum(j for _, j in ld_rows) / k:.4f}; "
                  f"JSON-LD better on {sum(j > m + 0.005 for m, j in ld_rows)}, worse on "
                  f"{sum(j < m - 0.005 for m, j in ld_rows)}")


if __name__ == "__main__":
    main()
