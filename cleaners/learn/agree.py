"""How far two bodies agree: the multiset overlap of their 4-word shingles, as the
extraction benchmarks compare bodies. Used to check a learned layout against the generic
path on pages held back from learning."""
from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    words = _WORD.findall(text or "")
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def overlap(reference: str, candidate: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of `candidate` against `reference`."""
    ref, cand = shingles(reference), shingles(candidate)
    if not ref and not cand:
        return 1.0, 1.0, 1.0
    common = sum((ref & cand).values())
    precision = common / sum(cand.values()) if cand else 0.0
    recall = common / sum(ref.values()) if ref else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
