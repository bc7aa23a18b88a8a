"""What each named rule removes, and how much of it a gold body keeps (false removals).

    .venv/bin/python bench/rule_removals.py DIR                 # a whole-body dev set (gold.json)
    .venv/bin/python bench/rule_removals.py DIR --show share    # and the share lines the gold keeps
    .venv/bin/python bench/rule_removals.py CASES.jsonl         # snippet cases ("with"/"without")

Every page is cleaned with a trace (`cleaners.clean(..., trace=...)`), so every line a rule
removed comes back with the rule's name. A whole-body set's gold.json gives
`{file: {"url", "articles": [{"body": [paragraphs]}]}}`: a removed line is a false removal
when the gold body holds it (most of its 4-word shingles, or the whole line for short and
unspaced lines). A snippet set's cases give "with" snippets a good extraction keeps and
"without" snippets it drops: a removed line holding a "with" snippet is a false removal, one
holding a "without" snippet a confirmed one. Pages the cleaner gives nothing for (front-page
and error verdicts) are counted apart: their drops say nothing about single rules.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners import clean  # noqa: E402
from cleaners.model import Drop  # noqa: E402

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_BULLET = re.compile(r"^[\s•·◦▪▫●○■□◆◇▶►▷\-–*+|]+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", _BULLET.sub("", text)).strip().lower()


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


class GoldBody:
    """One page's gold body, asked whether it keeps a removed line."""

    def __init__(self, paragraphs: list[str]):
        self.paragraphs = [_norm(p) for p in paragraphs if p.strip()]
        self.text = "\n".join(self.paragraphs)
        self.shingles = _shingles(_WORD.findall(self.text))

    def keeps(self, line: str) -> bool:
        low = _norm(line)
        if not low:
            return False
        words = _WORD.findall(low)
        if len(words) >= 4:
            own = _shingles(words)
            return len(own & self.shingles) >= 0.5 * len(own)
        if low not in self.text:
            return False
        # a short line counts only when it is (most of) a gold paragraph, not a word inside one
        return any(low in p and len(low) >= 0.5 * len(p) for p in self.paragraphs) or len(low) >= 20


def _pages(target: Path):
    """(raw bytes, url, judge) for every page; judge(line) -> True (gold keeps it), False, or None."""
    if target.suffix == ".jsonl":
        base = target.parent
        for line in target.open(encoding="utf-8"):
            case = json.loads(line)
            keep, drop = case["with"], case["without"]

            def judge(text: str, keep=keep, drop=drop):
                if any(s in text for s in keep):
                    return True
                if any(s in text for s in drop):
                    return False
                return None
            yield case["file"], gzip.decompress((base / case["file"]).read_bytes()), case["url"], judge
        return
    gold = json.loads((target / "gold.json").read_text(encoding="utf-8"))
    for name, entry in sorted(gold.items()):
        raw = (target / name).read_bytes()
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        body = GoldBody([p for a in entry["articles"] for p in a["body"]])
        yield name, raw, entry.get("url"), body.keeps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("target", type=Path, help="a dev set folder with gold.json, or a cases .jsonl file")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", action="append", default=[], help="print the false removals of this rule")
    ap.add_argument("--most", type=int, default=40, help="at most this many lines per --show rule")
    args = ap.parse_args()

    lines: Counter = Counter()
    chars: Counter = Counter()
    false_lines: Counter = Counter()
    false_chars: Counter = Counter()
    confirmed: Counter = Counter()
    shown: dict[str, list[str]] = defaultdict(list)
    pages = empty = 0
    for i, (name, raw, url, judge) in enumerate(_pages(args.target)):
        if args.limit and i >= args.limit:
            break
        pages += 1
        trace: list[Drop] = []
        if not clean(raw, url=url, trace=trace):
            empty += 1
            continue
        for drop in trace:
            if drop.rule.startswith("pagedata:"):  # where a field came from (cleaners.pagedata), not a removal
                continue
            n = len(drop.text)
            lines[drop.rule] += 1
            chars[drop.rule] += n
            verdict = judge(drop.text)
            if verdict:
                false_lines[drop.rule] += 1
                false_chars[drop.rule] += n
                if drop.rule in args.show and len(shown[drop.rule]) < args.most:
                    shown[drop.rule].append(f"{name}: {drop.text[:300]}")
            elif verdict is False:
                confirmed[drop.rule] += 1

    snippets = args.target.suffix == ".jsonl"
    print(f"{pages} pages ({empty} gave no article; their drops are not counted)")
    head = f"{'rule':<18}{'lines':>7}{'chars':>9}{'false lines':>13}{'false chars':>13}{'false %':>9}"
    print(head + (f"{'confirmed':>11}" if snippets else ""))
    for rule in sorted(lines, key=lambda r: (-false_chars[r], -chars[r])):
        share = 100 * false_chars[rule] / chars[rule] if chars[rule] else 0.0
        row = f"{rule:<18}{lines[rule]:>7}{chars[rule]:>9}{false_lines[rule]:>13}{false_chars[rule]:>13}{share:>8.1f}%"
        print(row + (f"{confirmed[rule]:>11}" if snippets else ""))
    total, wrong = sum(chars.values()), sum(false_chars.values())
    print(f"{'all':<18}{sum(lines.values()):>7}{total:>9}{sum(false_lines.values()):>13}{wrong:>13}"
          f"{100 * wrong / total if total else 0:>8.1f}%")
    for rule, examples in shown.items():
        print(f"\n{rule}: false removals")
        for example in examples:
            print("  " + example)


if __name__ == "__main__":
    main()
