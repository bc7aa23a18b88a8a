"""Leave-one-out check of learned layouts on a development set with several pages per host.

    python bench/learn_loo.py ../shared/devdata/daniel [--limit-hosts N] [--worse 20]

For every host with at least --min-pages pages: learn from the host's other pages, clean
the page left out with what was learned (`clean(..., learned=profile)`: hand-written
profile, learned layout, generic path) and without (`learned=False`), and score both
against the set's gold: body F1 (4-word shingles, the benchmark's measure), title, date
and authors. Prints per host and overall figures and the pages that got worse.

A set's gold.json maps file -> {"url", "articles": [{"title", "authors", "published", "body"}]}.
A page without a URL is put under the host its file name carries (`DATE_HOST_HASH.html.gz`),
and realkr-dev's files under the outlet before `__`, up to the first `-` (naver-old -> naver).
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaners import clean  # noqa: E402
from cleaners.learn import learn  # noqa: E402
from cleaners.learn.agree import overlap  # noqa: E402
from cleaners.learn.learner import _reference  # noqa: E402


def group_of(name: str, url: str | None) -> str:
    if "__" in name:
        return name.split("__")[0].split("-")[0]
    host = (urlsplit(url).hostname or "") if url else ""
    if not host and name.count("_") >= 2:
        host = name.split("_")[1]
    return host.removeprefix("www.") or "unknown"


def norm(text) -> str:
    return " ".join((text or "").split()).lower()


def score(gold: dict, articles: list) -> dict:
    true = "\n".join(p for a in gold["articles"] for p in a["body"])
    got = "\n".join(a.body for a in articles)
    g = gold["articles"][0] if gold["articles"] else {}
    first = articles[0] if articles else None
    authors = sorted(norm(a) for a in (first.authors if first else []))
    return {
        "f1": overlap(true, got)[2],
        "title": bool(g.get("title")) and first is not None and norm(first.title) == norm(g["title"]),
        "date": bool(g.get("published")) and first is not None and first.published is not None
        and first.published.isoformat()[:10] == g["published"][:10],
        "date_found": first is not None and first.published is not None,
        "authors": bool(g.get("authors")) and authors == sorted(norm(a) for a in g["authors"]),
        "authors_found": bool(authors),
        "cleaner": first.cleaner if first else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--min-pages", type=int, default=3)
    ap.add_argument("--limit-hosts", type=int, default=0)
    ap.add_argument("--max-left", type=int, default=10,
                    help="pages left out per host (evenly spaced; 0: every page)")
    ap.add_argument("--worse", type=int, default=15, help="list this many pages that got worse")
    a = ap.parse_args()
    d = Path(a.dir)
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
    hosts: dict[str, list[str]] = defaultdict(list)
    for name, g in sorted(gold.items()):
        hosts[group_of(name, g.get("url"))].append(name)
    chosen = sorted(h for h, names in hosts.items() if len(names) >= a.min_pages)[: a.limit_hosts or None]
    raw: dict[str, bytes] = {}
    refs: dict[tuple, object] = {}

    def reference(html, url):  # the generic path's reading of a page, once per page
        key = (url, hash(html))
        if key not in refs:
            refs[key] = _reference(html, url)
        return refs[key]

    rows = []
    t0 = time.perf_counter()
    for host in chosen:
        names = hosts[host]
        for name in names:
            body = (d / name).read_bytes()
            raw[name] = gzip.decompress(body) if name.endswith(".gz") else body
        step = max(1, len(names) / a.max_left) if a.max_left else 1
        for left in sorted({names[int(i * step)] for i in range(min(len(names), a.max_left or len(names)))}):
            url = gold[left].get("url")
            learned = learn([(raw[n], gold[n].get("url")) for n in names if n != left], site=host,
                            reference=reference)
            with_l = clean(raw[left], url=url, learned=learned.profile)
            without = clean(raw[left], url=url, learned=False)
            rows.append((host, left, score(gold[left], without), score(gold[left], with_l),
                         len(learned.profile.layouts)))
    elapsed = time.perf_counter() - t0
    print(f"{'host':32} pages learned served  F1 generic  F1 learned  title g/l  date g/l  authors g/l")
    summary = defaultdict(lambda: defaultdict(float))
    for host in chosen:
        mine = [r for r in rows if r[0] == host]
        served = sum(1 for r in mine if (r[3]["cleaner"] or "").startswith("learned/"))
        learned = sum(1 for r in mine if r[4])
        f_g = sum(r[2]["f1"] for r in mine) / len(mine)
        f_l = sum(r[3]["f1"] for r in mine) / len(mine)
        line = (f"{host[:32]:32} {len(mine):5} {learned:7} {served:6}  {f_g:10.3f}  {f_l:10.3f}"
                f"  {sum(r[2]['title'] for r in mine):4}/{sum(r[3]['title'] for r in mine):<4}"
                f" {sum(r[2]['date'] for r in mine):4}/{sum(r[3]['date'] for r in mine):<4}"
                f" {sum(r[2]['authors'] for r in mine):5}/{sum(r[3]['authors'] for r in mine):<4}")
        print(line)
    n = len(rows)
    if not n:
        print("no host has enough pages")
        return 1
    served = [r for r in rows if (r[3]["cleaner"] or "").startswith("learned/")]
    low = [r for r in rows if r[2]["f1"] < 0.97]
    low_served = [r for r in low if (r[3]["cleaner"] or "").startswith("learned/")]
    worse = sorted((r for r in rows if r[3]["f1"] < r[2]["f1"] - 1e-9), key=lambda r: r[3]["f1"] - r[2]["f1"])
    mean = lambda rs, k, i: sum(r[i][k] for r in rs) / len(rs) if rs else 0.0  # noqa: E731
    print()
    print(f"{n} pages of {len(chosen)} hosts; learned layouts served {len(served)} ({len(served) / n:.0%}); "
          f"{elapsed:.0f} s")
    print(f"body F1, all pages:              generic {mean(rows, 'f1', 2):.4f}  learned {mean(rows, 'f1', 3):.4f}")
    print(f"body F1, pages served by learned: generic {mean(served, 'f1', 2):.4f}  learned {mean(served, 'f1', 3):.4f}")
    print(f"body F1, pages where generic < 0.97 ({len(low)}, {len(low_served)} served): "
          f"generic {mean(low, 'f1', 2):.4f}  learned {mean(low, 'f1', 3):.4f}")
    for key, label in (("title", "title right"), ("date", "date right"), ("date_found", "date found"),
                       ("authors", "authors right"), ("authors_found", "authors found")):
        print(f"{label:15} generic {sum(r[2][key] for r in rows):4}  learned {sum(r[3][key] for r in rows):4}")
    lost = [r for r in rows if r[3]["f1"] < r[2]["f1"] - 0.05]
    print(f"pages worse: {len(worse)}; worse by more than 0.05 F1: {len(lost)}")
    for r in worse[: a.worse]:
        print(f"  {r[2]['f1']:.3f} -> {r[3]['f1']:.3f}  {r[1]}  ({r[3]['cleaner']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
