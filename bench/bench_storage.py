"""Storage benchmark: batched insert into a database already holding N articles, search
latency, and export memory, each next to a baseline measured in the same process.

    .venv/bin/python bench/bench_storage.py            # N = 100,000 (a few minutes)
    .venv/bin/python bench/bench_storage.py --n 20000  # quicker

Articles are synthetic: Korean-looking words drawn with a Zipf law, about 1,200 characters
in eight paragraphs, so that FTS, MinHash bands and compression see realistic text."""
from __future__ import annotations

import argparse
import os
import itertools
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners.model import Article, Page  # noqa: E402
from storage import Store  # noqa: E402

BATCH = 500  # pages per transaction in save_many
SITES = ["etoday.co.kr", "newsis.com", "metroseoul.co.kr", "ezyeconomy.com", "newsway.co.kr"]


def vocabulary(rng: random.Random, size: int = 20000) -> list[str]:
    syllables = [chr(0xAC00 + rng.randrange(11172)) for _ in range(600)]
    return ["".join(rng.choices(syllables, k=rng.choice((2, 2, 3, 3, 4)))) for _ in range(size)]


class Articles:
    """Deterministic synthetic articles, one page each."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        self.cum = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words))))

    def text(self, n: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.cum, k=n))

    def item(self, i: int) -> tuple[Page, list[Article]]:
        url = f"https://{SITES[i % len(SITES)]}/news/{i}"
        body = "\n\n".join(self.text(45) + "." for _ in range(8))
        article = Article(url=url, site=SITES[i % len(SITES)], title=self.text(8), body=body,
                          authors=["홍길동 기자"], published=datetime(2024, 1 + i % 12, 1 + i % 28, 9, 0),
                          lang="ko", cleaner="generic/1", section="경제")
        raw = f"<html><head><title>{article.title}</title></head><body><p>{body}</p></body></html>"
        return Page(url=url, body=raw.encode("utf-8")), [article]

    def items(self, start: int, stop: int):
        return [self.item(i) for i in range(start, stop)]


def load(store: Store, gen: Articles, start: int, stop: int) -> float:
    """Store articles start..stop in batches; returns seconds spent in save_many."""
    spent = 0.0
    for lo in range(start, stop, BATCH):
        items = gen.items(lo, min(stop, lo + BATCH))
        t = time.perf_counter()
        store.save_many(items)
        spent += time.perf_counter() - t
    return spent


def baseline_insert(path: Path, items) -> float:
    """Plain sqlite3 executemany of the same article rows into one table, no indexes or FTS."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE IF NOT EXISTS articles (url TEXT, site TEXT, title TEXT, body TEXT, "
                 "published TEXT, raw BLOB)")
    rows = [(a.url, a.site, a.title, a.body, a.published.isoformat(), p.body) for p, [a] in items]
    t = time.perf_counter()
    for lo in range(0, len(rows), BATCH):
        with conn:
            conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", rows[lo:lo + BATCH])
    spent = time.perf_counter() - t
    conn.close()
    return spent


def peak_rss_mb(args: list[str]) -> tuple[float, float]:
    """Run a child Python process; return (its peak RSS in MB, seconds).

    The child reports VmHWM itself: getrusage's maxrss would include the parent's memory,
    which Linux carries over a fork and exec."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True)
    spent = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return float(proc.stdout.strip().splitlines()[-1]), spent


HWM = "print(int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) / 1024)"
MEASURE = ("import runpy, sys; sys.argv = {argv!r}; code = 0\n"
           "try:\n    runpy.run_module({module!r}, run_name='__main__')\n"
           "except SystemExit as e:\n    code = e.code or 0\n"
           "{hwm}\nsys.exit(code)")
NAIVE_EXPORT = ("import json, sqlite3, sys\n"
                "conn = sqlite3.connect(sys.argv[1]); conn.row_factory = sqlite3.Row\n"
                "rows = [dict(r) for r in conn.execute('SELECT * FROM articles').fetchall()]\n"
                "out = open(sys.argv[2], 'w')\n"
                "for r in rows:\n    r.pop('minhash', None); out.write(json.dumps(r, ensure_ascii=False) + '\\n')\n"
                + HWM)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles already stored (default 100,000)")
    parser.add_argument("--insert", type=int, default=5_000, help="articles inserted for the rate (default 5,000)")
    parser.add_argument("--queries", type=int, default=60, help="search queries for the median (default 60)")
    args = parser.parse_args()
    gen = Articles()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "news.db"
        store = Store(db)
        t = time.perf_counter()
        load(store, gen, 0, args.n)
        print(f"setup: {args.n:,} articles stored in {time.perf_counter() - t:.1f}s")

        # 1. insert rate into a database already holding N
        extra = gen.items(args.n, args.n + args.insert)
        t, cpu = time.perf_counter(), time.process_time()
        for lo in range(0, len(extra), BATCH):
            store.save_many(extra[lo:lo + BATCH])
        ours, cpu = time.perf_counter() - t, time.process_time() - cpu
        base = baseline_insert(Path(tmp) / "baseline.db", extra)
        rate, base_rate = args.insert / ours, args.insert / base
        print(f"insert: {rate:,.0f} articles/s wall, {args.insert / cpu:,.0f} per CPU second "
              f"(store.save_many, {BATCH}/transaction, into {args.n:,}); "
              f"baseline plain executemany {base_rate:,.0f}/s; ratio {rate / base_rate:.3f} "
              f"(target >= 2,000/s: {'met' if rate >= 2000 else 'NOT met'})")

        # 2. search latency: words of every frequency, phrase and prefix queries
        rng = random.Random(11)
        queries = [rng.choice(gen.words[:50]) for _ in range(args.queries // 3)]  # common words
        queries += [rng.choice(gen.words[50:2000]) for _ in range(args.queries // 3)]
        queries += [" ".join(rng.sample(gen.words[:300], 2)) for _ in range(args.queries - len(queries))]
        ours_t, base_t, hits = [], [], 0
        for q in queries:
            t = time.perf_counter()
            hits += len(store.search(q, limit=20))
            ours_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            store.conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 20",
                               (" ".join(f'"{w}"*' for w in q.split()),)).fetchall()
            base_t.append(time.perf_counter() - t)
        med, base_med = statistics.median(ours_t) * 1000, statistics.median(base_t) * 1000
        print(f"search: median {med:.1f} ms, p90 {sorted(ours_t)[int(len(ours_t) * .9)] * 1000:.1f} ms over "
              f"{len(queries)} queries ({hits} hits; ranked, snippets, duplicates left out); baseline unranked "
              f"FTS5 rowid match {base_med:.1f} ms; ratio {med / base_med:.1f} "
              f"(target median < 100 ms: {'met' if med < 100 else 'NOT met'})")
        total = store.db["articles"].count
        store.close()

        # 3. export memory: `declutter export` in a child process against a naive fetchall export
        out = Path(tmp) / "out.jsonl"
        code = MEASURE.format(argv=["declutter", "export", "--db", str(db), "-o", str(out)], module="declutter", hwm=HWM)
        ours_mb, ours_s = peak_rss_mb(["-c", code])
        lines = sum(1 for _ in out.open(encoding="utf-8"))
        assert lines == total, (lines, total)
        base_mb, base_s = peak_rss_mb(["-c", NAIVE_EXPORT, str(db), str(Path(tmp) / "naive.jsonl")])
        print(f"export: {total:,} articles to JSONL in {ours_s:.1f}s, peak RSS {ours_mb:.0f} MB; "
              f"baseline fetchall-then-write {base_mb:.0f} MB in {base_s:.1f}s; memory ratio "
              f"{ours_mb / base_mb:.2f} (target < 200 MB: {'met' if ours_mb < 200 else 'NOT met'})")
        print(f"database: {db.stat().st_size / 1e6:.0f} MB for {total:,} articles and their raw pages")


if __name__ == "__main__":
    main()
