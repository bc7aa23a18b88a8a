"""Turn a dev set of HTML pages into whole-page text dumps, as users save pages with a
text browser, so the text-dump path can be scored on pages with a whole gold body.

    .venv/bin/python bench/make_dumps.py SRC_DIR OUT_DIR [--browser w3m|lynx] [--cols N] [--limit N]

SRC_DIR holds pages (`.html`, `.html.gz`) and a gold.json `{file: {"url", "articles": [...]}}`;
OUT_DIR gets one `.txt` per page and a gold.json in the same format naming the `.txt` files
(bodyscore-style scorers read them). Dumps carry no URL, as a user's saved text has none.

The page is decoded here, not by the browser: bytes that are valid UTF-8 are UTF-8 whatever
the page declares (multi-byte UTF-8 seldom happens by accident), otherwise the BOM or the
declared charset, otherwise the project's own decoder. The browser then reads UTF-8.

Where the gold has no title or no date, a proxy is taken from the page's own markup:
`og:title` then `<title>`, and `article:published_time`, other publication-date metas or
JSON-LD `datePublished`. `title_source` / `published_source` say where each came from.
w3m's default `-cols 80` wraps lines; the default here is wide (no wrapping), the form of
the project's other dev dumps, and `--cols 80` gives the wrapped form.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from cleaners.decode import UnreadableInput, decode  # noqa: E402

_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_CHARSET_STR = re.compile(r"""(<meta[^>]{0,200}?charset\s*=\s*["']?\s*)([\w.:-]+)""", re.I)
_DATE_METAS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
               "publish-date", "publish_date", "dc.date.issued", "dcterms.issued", "dc.date", "date",
               "sailthru.date", "article.published", "originalpublicationdate", "parsely-pub-date")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def page_text(raw: bytes) -> str:
    """The page as text, decoded as described in the module docstring."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    found = _CHARSET.search(raw[:4096])
    if found:
        try:
            return raw.decode(found.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(raw)


def dump(html: str, browser: str, cols: int) -> str:
    """The text a browser's dump gives for the page (read as UTF-8, written as UTF-8)."""
    data = _CHARSET_STR.sub(lambda m: m.group(1) + "utf-8", html).encode("utf-8", "replace")
    if browser == "w3m":
        cmd = ["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", str(cols)]
    else:
        cmd = ["lynx", "-dump", "-nolist", "-stdin", "-assume_charset=utf-8", "-display_charset=utf-8",
               f"-width={cols}"]
    out = subprocess.run(cmd, input=data, capture_output=True, timeout=120, check=True).stdout
    return out.decode("utf-8", "replace")


def _day(value: str | None) -> str | None:
    m = _ISO_DAY.search(value or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m and 1990 <= int(m.group(1)) <= 2035 else None


def _json_dates(tree) -> list[str]:
    out = []
    for node in tree.xpath('//script[@type="application/ld+json"]/text()'):
        for m in re.finditer(r'"datePublished"\s*:\s*"([^"]+)"', node):
            out.append(m.group(1))
    return out


def proxy_meta(html: str) -> tuple[str | None, str | None, str | None]:
    """(title, title_source, published) from the page's own markup; None where it has none."""
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"),
                                             parser=lxml.html.HTMLParser(encoding="utf-8"))
    except Exception:
        return None, None, None
    metas = {}
    for m in tree.xpath("//meta[@content]"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and key not in metas:
            metas[key] = m.get("content").strip()
    title = src = None
    if metas.get("og:title"):
        title, src = metas["og:title"], "og:title"
    else:
        t = tree.findtext(".//title")
        if t and t.strip():
            title, src = " ".join(t.split()), "title"
    published = None
    for key in _DATE_METAS:
        if _day(metas.get(key)):
            published = metas[key]
            break
    if published is None:
        published = next((d for d in _json_dates(tree) if _day(d)), None)
    if published is None:
        stamp = tree.xpath("//time[@pubdate]/@datetime")
        published = stamp[0] if stamp and _day(stamp[0]) else None
    if published is not None:  # from the date on: some pages wrap it in markup
        published = published[_ISO_DAY.search(published).start():].split("<")[0].strip()
    return title, src, published


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--browser", choices=("w3m", "lynx"), default="w3m")
    ap.add_argument("--cols", type=int, default=10000)
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    if not shutil.which(a.browser):
        sys.exit(f"make_dumps: {a.browser} is not installed (apt-get install {a.browser})")
    src, out = Path(a.src), Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    gold = json.loads((src / "gold.json").read_text(encoding="utf-8"))
    new, failed = {}, 0
    for name, g in sorted(gold.items())[: a.limit or None]:
        raw = (src / name).read_bytes()
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        try:
            html = page_text(raw)
            text = dump(html, a.browser, a.cols)
        except (UnreadableInput, subprocess.SubprocessError, OSError) as exc:
            print(f"make_dumps: {name}: skipped, {exc}", file=sys.stderr)
            failed += 1
            continue
        stem = name[: -len(".gz")] if name.endswith(".gz") else name
        stem = stem[: -len(".html")] if stem.endswith(".html") else stem
        (out / f"{stem}.txt").write_text(text, encoding="utf-8")
        title, src_kind, published = proxy_meta(html)
        arts = [dict(x) for x in g["articles"]]
        entry = {"url": None, "source_url": g.get("url"), "articles": arts}
        if arts:
            if arts[0].get("title"):
                entry["title_source"] = "gold"
            elif title:
                arts[0]["title"], entry["title_source"] = title, src_kind
            if arts[0].get("published"):
                entry["published_source"] = "gold"
            elif published:
                arts[0]["published"], entry["published_source"] = published, "markup"
        new[f"{stem}.txt"] = entry
    (out / "gold.json").write_text(json.dumps(new, ensure_ascii=False, indent=1), encoding="utf-8")
    dated = sum(1 for e in new.values() if e["articles"] and e["articles"][0].get("published"))
    titled = sum(1 for e in new.values() if e["articles"] and e["articles"][0].get("title"))
    print(f"{len(new)} dumps in {out} ({failed} skipped); {titled} with a title, {dated} with a date")


if __name__ == "__main__":
    main()
