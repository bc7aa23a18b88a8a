"""Learned layouts: how fast they clean beside trafilatura, and what learning costs.

    python bench/bench_learn.py speed DIR      # a dev set with several pages per host (e.g. daniel)
    python bench/bench_learn.py learn [N]      # learning from N stored pages of one site (default 1000)

`speed`: for every host of DIR with at least 6 pages, learn from its pages, then clean each
page the learned layout serves with `cleaners.clean(..., learned=profile)` and with
`trafilatura.extract` on the same bytes, interleaved, ROUNDS rounds, best time per page.
Pages the learned layout does not serve are left out (the generic path takes those).

`learn`: N pages of a made-up site (tests/learnsite.py, with a section menu that makes each
page about 50 KB, the size of a real news page) are stored in a fresh database; then a child
process runs `storage.learned.learn_site` on them and reports its wall time and its peak
resident memory (ru_maxrss, the whole process: Python, lxml and the pages).
"""
from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROUNDS = 5


def speed(directory: str) -> None:
    import trafilatura

    from cleaners import clean
    from cleaners.learn import learn_site
    sys.path.insert(0, str(ROOT / "bench"))
    from learn_loo import group_of

    d = Path(directory)
    gold = json.loads((d / "gold.json").read_text(encoding="utf-8"))
    hosts = defaultdict(list)
    for name, g in sorted(gold.items()):
        hosts[group_of(name, g.get("url"))].append(name)
    served = []
    for host, names in sorted(hosts.items()):
        if len(names) < 6:
            continue
        pages = [((gzip.decompress if n.endswith(".gz") else bytes)((d / n).read_bytes()), gold[n].get("url"))
                 for n in names]
        profile = learn_site(pages, site=host)
        for body, url in pages:
            found = clean(body, url=url, learned=profile)
            if found and found[0].cleaner.startswith("learned/"):
                served.append((host, body, url, profile))
    mine = defaultdict(lambda: float("inf"))
    theirs = defaultdict(lambda: float("inf"))
    for _ in range(ROUNDS):
        for i, (host, body, url, profile) in enumerate(served):
            t = time.perf_counter()
            clean(body, url=url, learned=profile)
            mine[i] = min(mine[i], time.perf_counter() - t)
            t = time.perf_counter()
            trafilatura.extract(body, url=url)
            theirs[i] = min(theirs[i], time.perf_counter() - t)
    total_m, total_t = sum(mine.values()), sum(theirs.values())
    ratios = sorted(theirs[i] / mine[i] for i in mine)
    print(f"{len(served)} pages served by learned layouts ({len({s[0] for s in served})} hosts), "
          f"{ROUNDS} rounds, best time per page")
    print(f"learned {1000 * total_m / len(served):.2f} ms/page, trafilatura {1000 * total_t / len(served):.2f} "
          f"ms/page: {total_t / total_m:.1f}x (median page {ratios[len(ratios) // 2]:.1f}x, "
          f"slowest {ratios[0]:.1f}x); target >= 5x: {'met' if total_t / total_m >= 5 else 'MISSED'}")


def learn_stored(n: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from learnsite import HOST, page_html, url

    from cleaners.model import Page
    from storage import Store
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "site.db"
        size = 0
        with Store(db) as store:
            batch = []
            for i in range(1, n + 1):
                body = page_html(i, menu=600).encode()
                size += len(body)
                batch.append((Page(url=url(i), body=body), []))
                if len(batch) == 200:
                    store.save_many(batch)
                    batch = []
            store.save_many(batch)
        child = subprocess.run([sys.executable, __file__, "learn-child", str(db), HOST], capture_output=True,
                               text=True, cwd=ROOT)
        if child.returncode:
            print(child.stderr)
            raise SystemExit(1)
        seconds, rss, layouts, pages = child.stdout.split()
        print(f"learned from {pages} stored pages ({size / n / 1024:.0f} KB each): {float(seconds):.1f} s, "
              f"peak RSS {int(rss) / 1024:.0f} MB, layouts kept: {layouts}; "
              f"target <= 60 s and 200 MB: {'met' if float(seconds) <= 60 and int(rss) <= 200 * 1024 else 'MISSED'}")


def learn_child(db: str, site: str) -> None:
    import resource

    from cleaners.learn import learn
    from storage import Store
    from storage import learned as stored
    t = time.perf_counter()
    with Store(db) as store:
        result = stored.learn_site(store, site, learn)
    seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{seconds:.2f} {rss} {len(result.profile.layouts)} {result.pages}")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "speed"
    if what == "speed":
        speed(sys.argv[2] if len(sys.argv) > 2 else str(ROOT.parent / "shared/devdata/daniel"))
    elif what == "learn":
        learn_stored(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    elif what == "learn-child":
        learn_child(sys.argv[2], sys.argv[3])
