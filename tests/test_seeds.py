"""The seed dumps against their gold cleaning, scored the way the project's seed check
scores them: body F1 on word 4-shingles, exact title, authors and published time, no
clutter line kept in title, subtitle, body or authors, and every listing entry found."""
import re
from collections import Counter
from datetime import datetime

import pytest

from cleaners import clean

from conftest import SEEDS

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    words = _WORD.findall(text or "")
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def f1(true, pred):
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def norm(s):
    return " ".join((s or "").split())


def bare(s):
    return re.sub(r"^[\s•·*\-–▲▶►]+", "", norm(s))


def same_minute(want, got):
    if not want or not got:
        return not want and not got
    a = datetime.fromisoformat(want)
    return (a.tzinfo is None) == (got.tzinfo is None) and \
        a.replace(second=0, microsecond=0) == got.replace(second=0, microsecond=0)


NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_seed_matches_gold(name, gold):
    want = gold[name]
    got = clean((SEEDS / name).read_text(encoding="utf-8"))
    assert len(got) == len(want["articles"])
    for have, w in zip(got, want["articles"]):
        assert f1("\n".join(w["body"]), have.body) >= 0.99
        assert norm(have.title) == norm(w["title"])
        assert sorted(have.authors) == sorted(w["authors"])
        assert same_minute(w["published"], have.published)
        assert have.published is None or have.published.utcoffset() is not None
        assert have.subtitle == w.get("subtitle", [])
        assert have.captions == w.get("captions", [])
        assert have.summary == w.get("summary", [])
    kept = [bare(t) for a in got for k in ("title", "subtitle", "body", "authors")
            for v in ([getattr(a, k)] if isinstance(getattr(a, k), str) else getattr(a, k) or [])
            for t in (v or "").split("\n") if t.strip()]
    for line in want["clutter"]:
        c = bare(line)
        assert not any(t == c or (len(c) >= 8 and c in t) for t in kept), c


def test_seed_trace_names_every_dropped_clutter_line(gold):
    for name in NAMES:
        trace = []
        clean((SEEDS / name).read_text(encoding="utf-8"), trace=trace)
        dropped = {bare(d.text) for d in trace}
        assert all(d.rule for d in trace)
        for line in gold[name]["clutter"]:
            assert bare(line) in dropped, (name, line)
