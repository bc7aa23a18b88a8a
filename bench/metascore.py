#!/usr/bin/env python3
"""Title, published-date and author coverage of the cleaner on a folder of saved pages,
against a proxy gold read from each page's own markup.

    python bench/metascore.py DIR [--limit N] [--korean] [--show N] [--checked FILE]

DIR holds the pages (`.html`, `.html.gz`) and either `gold.json` (`{file: {"url", "articles":
[{"title", ...}]}}`) or `cases.jsonl` (`{"file", "url"}` per line). The proxy gold for the
date is what the page declares for machines, read here independently of the cleaner:
`article:published_time` (and its aliases), JSON-LD `datePublished`, else the `<time
datetime>` marked as the publication time, else the first one outside the comments. A page that declares no date is counted apart; for pages that carry a
date only in visible text, `--checked FILE` reads a hand-checked JSON list of
`{"file", "published"}` (day precision) and scores those too. `--korean` keeps only the
pages whose text is mostly Hangul. Title is scored where gold.json has one (exact after
whitespace is collapsed, as bodyscore does), else against `og:title` when the page has
one (agreement with the page's own declaration, a weaker proxy).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lxml import html as lxml_html  # noqa: E402

from cleaners import clean  # noqa: E402
from cleaners.decode import decode  # noqa: E402

_META_KEYS = ("article:published_time", "og:article:published_time", "datepublished", "pubdate",
              "publishdate", "publish-date", "date", "dc.date.issued", "dcterms.date", "dcterms.created",
              "dc.date", "sailthru.date", "parsely-pub-date")
_ISO_DAY = re.compile(r"((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LETTER = re.compile(r"[^\W\d_]")


def _norm(text):
    return " ".join((text or "").split())


def _pages(folder: Path):
    """(file name, url, gold title or None) for every page the folder lists."""
    if (folder / "gold.json").exists():
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        for name, g in sorted(gold.items()):
            first = g["articles"][0] if g.get("articles") else {}
            yield name, g.get("url"), first.get("title")
    else:
        for line in (folder / "cases.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                yield case["file"], case.get("url"), None


def declared(text: str) -> dict:
    """What the page declares for machines: published day, og:title, Hangul share."""
    out = {"published": None, "og_title": None}
    try:
        tree = lxml_html.fromstring(text.encode("utf-8", "replace"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except Exception:
        return out
    metas = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and el.get("content"):
            metas.setdefault(key, el.get("content").strip())
    out["og_title"] = _norm(metas.get("og:title")) or None
    day = None
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.text or "")
        if m and _ISO_DAY.search(m.group(1)):
            day = _ISO_DAY.search(m.group(1))
            break
    if day is None:
        value = next((metas[k] for k in _META_KEYS if metas.get(k) and _ISO_DAY.search(metas[k])), None)
        day = _ISO_DAY.search(value) if value else None
    if day is None:  # the <time> marked as the publication time, else the first
        outside = "[not(ancestor::*[contains(@class, 'comment') or contains(@id, 'comment')])]"
        times = (tree.xpath("//time[@datetime][@pubdate or contains(@itemprop, 'ublished')]" + outside)
                 or tree.xpath("//time[@datetime]" + outside))
        for el in times[:1]:
            day = _ISO_DAY.search(el.get("datetime") or "")
    out["published"] = "%s-%02d-%02d" % (day.group(1), int(day.group(2)), int(day.group(3))) if day else None
    body = " ".join(tree.xpath("//body//text()[not(ancestor::script or ancestor::style)]"))[:20000]
    letters = len(_LETTER.findall(body)) or 1
    out["hangul"] = len(_HANGUL.findall(body)) / letters
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--korean", action="store_true", help="only pages whose text is mostly Hangul")
    ap.add_argument("--show", type=int, default=0, help="print this many misses of each kind")
    ap.add_argument("--checked", help="JSON list of hand-checked {file, published} for visible-only dates")
    a = ap.parse_args()
    folder = Path(a.dir)
    checked = {}
    if a.checked:
        checked = {c["file"]: c["published"] for c in json.loads(Path(a.checked).read_text(encoding="utf-8"))}
    n = 0
    title_n = title_ok = og_n = og_ok = 0
    date_n = date_ok = date_minute_n = 0
    vis_n = vis_ok = undeclared = found_undeclared = 0
    authors = modified = 0
    misses = {"title": [], "date": [], "visible": []}
    for name, url, gold_title in _pages(folder):
        path = folder / name
        if not path.exists():
            continue
        raw = path.read_bytes()
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        text = decode(raw)
        proxy = declared(text)
        if a.korean and proxy.get("hangul", 0) < 0.5:
            continue
        n += 1
        if a.limit and n > a.limit:
            n -= 1
            break
        arts = clean(raw, url=url)
        art = arts[0] if arts else None
        got_title = _norm(art.title if art else "")
        if gold_title:
            title_n += 1
            title_ok += got_title == _norm(gold_title)
            if got_title != _norm(gold_title):
                misses["title"].append((name, gold_title, got_title))
        elif proxy["og_title"]:
            og_n += 1
            og_ok += got_title == proxy["og_title"] or (bool(got_title) and got_title in proxy["og_title"])
        got_day = art.published.date().isoformat() if art and art.published else None
        if art and art.authors:
            authors += 1
        if art and art.modified:
            modified += 1
        if proxy["published"]:
            date_n += 1
            date_ok += got_day == proxy["published"]
            if got_day != proxy["published"]:
                misses["date"].append((name, proxy["published"], got_day))
        else:
            undeclared += 1
            found_undeclared += got_day is not None
            if name in checked:
                vis_n += 1
                vis_ok += got_day == checked[name]
                if got_day != checked[name]:
                    misses["visible"].append((name, checked[name], got_day))
    pct = lambda k, m: f"{k}/{m} ({k / m:.1%})" if m else "0/0"  # noqa: E731
    print(f"{folder.name}{' (Korean pages)' if a.korean else ''}: {n} pages")
    if title_n:
        print(f"  title right (gold):                     {pct(title_ok, title_n)}")
    if og_n:
        print(f"  title agrees with og:title (no gold):   {pct(og_ok, og_n)}")
    print(f"  published day right (declared proxy):   {pct(date_ok, date_n)}")
    print(f"  pages declaring no date:                {undeclared}, a date found on {found_undeclared}")
    if vis_n:
        print(f"  published day right (hand-checked):     {pct(vis_ok, vis_n)}")
    print(f"  authors found:                          {pct(authors, n)}")
    print(f"  modified found:                         {pct(modified, n)}")
    for kind, rows in misses.items():
        for row in rows[: a.show]:
            print(f"  miss {kind}: {row[0]}  want {row[1]!r}  got {row[2]!r}")


if __name__ == "__main__":
    main()
