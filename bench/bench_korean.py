"""Korean search benchmark: recall on labelled queries before and after the analysed forms,
the analyser's cost per article (paid in the cleaning workers), and the writer's insert
rate with and without the forms in the index, measured in the same process.

    .venv/bin/python bench/bench_korean.py              # 2,000 articles stored, 2,000 inserted
    .venv/bin/python bench/bench_korean.py --n 500 --insert 500

"Before" is what the index held up to schema 4: the title and body as written. Declutter's
search then matched word starts (`"폭염"*`), Datasette's search box whole tokens (`"폭염"`).
Queries and their answers: fixtures/search/korean.json (made-up articles, labelled by hand)."""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_storage import BATCH, Articles  # noqa: E402
from cleaners.model import Article, Page  # noqa: E402
from storage import Store, korean  # noqa: E402
from storage.search import fts_query  # noqa: E402

LABELLED = json.loads((ROOT / "fixtures" / "search" / "korean.json").read_text(encoding="utf-8"))
SURFACE = "{title body}"  # the columns of the schema-4 index


def escape_fts(query: str) -> str:
    """Datasette's escape_fts (datasette.utils), so the figure does not need Datasette installed."""
    if query.count('"') % 2:
        query += '"'
    bits = [b for b in re.split(r'\s+|(".*?")', query) if b and b != '""']
    return " ".join(f'"{b}"' if not b.startswith('"') else b for b in bits)


def recall(db: Path) -> None:
    store = Store(db)
    for key, a in LABELLED["articles"].items():
        article = Article(url=f"https://news.example/{key}", title=a["title"], body=a["body"])
        store.save(Page(url=article.url, body=a["body"].encode()), [article])

    def found(match: str) -> set[str]:
        rows = store.conn.execute("SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                                  "WHERE articles_fts MATCH ?", (match,)).fetchall()
        return {row[0].rsplit("/", 1)[1] for row in rows}

    ways = {
        "declutter search, before": lambda q: found(f"{SURFACE}: ({' '.join(f'{chr(34)}{w}{chr(34)}*' for w in q.split())})"),
        "declutter search, after": lambda q: found(fts_query(q)),
        "Datasette search box, before": lambda q: found(f"{SURFACE}: ({escape_fts(q)})"),
        "Datasette search box, after": lambda q: found(escape_fts(q)),
    }
    queries = LABELLED["queries"]
    total = sum(len(v) for v in queries.values())
    for name, search in ways.items():
        hit = extra = 0
        misses = []
        for query, want in queries.items():
            got = search(query)
            hit += len(got & set(want))
            extra += len(got - set(want))
            if set(want) - got:
                misses.append(query)
        print(f"recall, {name}: {hit}/{total} = {hit / total:.2f}; unlabelled hits {extra}"
              + (f"; queries missing answers: {' '.join(misses)}" if misses else ""))
    store.close()


def stored(gen: Articles, start: int, stop: int, analysed: bool) -> list:
    """Pages with their article, the index terms attached as a cleaning worker attaches them
    (empty: the schema-4 index, text as written only). The synthetic words are all read as
    nouns, so their forms are as long as the text: more than real Korean gives (above)."""
    items = gen.items(start, stop)
    for _, [article] in items:
        if analysed:
            korean.annotate([article])
        else:
            korean.attach(article, "", "")
    return items


def insert_rate(tmp: Path, n: int, insert: int) -> None:
    # the analyser's cost on real Korean: the labelled articles' sentences, 1,200 characters an article
    sentences = [s.strip() + "." for a in LABELLED["articles"].values() for s in a["body"].split(".") if s.strip()]
    text = " ".join(sentences)
    texts = [(text * 3)[i * 97 % len(text):][:1200] for i in range(50)]
    korean.analyser()
    t, cpu = time.perf_counter(), time.process_time()
    forms = sum(len(korean.terms(x)) for x in texts)
    spent, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(f"analysis (in the cleaning workers): {cpu / len(texts) * 1000:.1f} ms of CPU per 1,200-character "
          f"article ({spent / len(texts) * 1000:.1f} ms wall); the forms add {forms / (1200 * len(texts)):.0%} "
          f"to the indexed text")
    rates = {}
    for analysed in (False, True):
        gen = Articles()
        store = Store(tmp / f"rate-{analysed}.db")
        for lo in range(0, n, BATCH):
            store.save_many(stored(gen, lo, min(n, lo + BATCH), analysed))
        extra = [stored(gen, lo, min(n + insert, lo + BATCH), analysed) for lo in range(n, n + insert, BATCH)]
        t, cpu = time.perf_counter(), time.process_time()
        for batch in extra:
            store.save_many(batch)
        rates[analysed] = (insert / (time.perf_counter() - t), insert / (time.process_time() - cpu))
        store.close()
    (wall, cpu), (wall0, cpu0) = rates[True], rates[False]
    print(f"insert (the single writer, {BATCH}/transaction, into {n:,}): {cpu:,.0f} articles per CPU second "
          f"with the analysed forms, {cpu0:,.0f} with the text as written only (before): ratio {cpu / cpu0:.2f} "
          f"(wall {wall:,.0f}/s and {wall0:,.0f}/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2_000, help="articles already stored (default 2,000)")
    parser.add_argument("--insert", type=int, default=2_000, help="articles inserted for the rate (default 2,000)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        recall(Path(tmp) / "labelled.db")
        insert_rate(Path(tmp), args.n, args.insert)


if __name__ == "__main__":
    main()
