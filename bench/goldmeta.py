#!/usr/bin/env python3
"""Title, published time (to the minute) and authors per page, against a set's gold.json.

    python bench/goldmeta.py DIR [--limit N] [--no-url]

DIR holds gold.json ({file: {"url", "articles": [{"title", "authors", "published", ...}]}})
and the pages it names. Each page prints right (+) or wrong (-) for the three fields, with
what was wanted and what came out where it is wrong; the last line gives the counts. Title is
compared after whitespace is collapsed; the time as an instant, to the minute; authors as a set.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaners import clean  # noqa: E402


def _norm(text):
    return " ".join((text or "").split())


def _minute(value):
    if not value:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return when.replace(second=0, microsecond=0).timestamp() if when.tzinfo else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-url", action="store_true")
    a = ap.parse_args()
    folder = Path(a.dir)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    counts = {"title": 0, "published": 0, "authors": 0}
    items = sorted(gold.items())[: a.limit or None]
    for name, g in items:
        raw = (folder / name).read_bytes()
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        want = g["articles"][0]
        arts = clean(raw, url=None if a.no_url else g.get("url"))
        got = arts[0] if arts else None
        checks = {
            "title": (_norm(want.get("title")), _norm(got.title if got else "")),
            "published": (want.get("published"), got.published.isoformat() if got and got.published else None),
            "authors": (sorted(want.get("authors") or []), sorted(got.authors) if got else []),
        }
        marks, notes = [], []
        for field, (w, o) in checks.items():
            ok = (_minute(w) == _minute(o)) if field == "published" else w == o
            counts[field] += ok
            marks.append(("+" if ok else "-") + field)
            if not ok:
                notes.append(f"    {field}: want {w!r} got {o!r}")
        print(f"{' '.join(marks):32} {name}")
        for line in notes:
            print(line)
    n = len(items)
    print(f"{folder.name}: {n} pages; " + ", ".join(f"{k} {v}/{n}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
