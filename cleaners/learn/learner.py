"""Learning a site's layouts from its own pages.

1. Pages are grouped by template signature (the names of their elements, Jaccard >=
   CLUSTER to a group's first page, pages taken in the order of their URLs, so the same
   pages give the same groups in whatever order they came). A group of MIN_PAGES or more
   is a layout candidate; at most SAMPLE of its pages are read closely.
2. Each page read closely is cleaned by the generic path, the reference: the body
   container is the element that holds most of the generic body with least else; template
   blocks are named elements inside it that recur on REPEAT of the pages and never hold
   the generic body; template lines recur with the same text; the title, deck, byline,
   times and captions sit where a selector gives what the generic path read on most pages.
3. A candidate is checked against the generic path on pages held back from learning it
   (FOLDS-fold: each page is held back once) and kept only when it serves nearly every
   held-back page and keeps nearly all of what the generic path found there (see `keep`).
"""
from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Iterable

from ..decode import decode, looks_like_html
from ..meta import byline_authors, parse_time, stamps
from ..sites.base import Sel, text_lines
from .agree import overlap
from .features import PageInfo, addr, jaccard, norm, parse, signature
from .profile import LearnedProfile, from_spec
from .site import site_of

MIN_PAGES = 3        # pages sharing a template to learn it from
CLUSTER = 0.5        # template signature overlap (Jaccard) for two pages to share a layout
CORE = 0.5           # share of a layout's pages a name must be on to be in its signature
SAMPLE = 24          # pages of a layout read closely; more cost time and change little
FOLDS = 5            # held-back checks: each page read closely is held back once
REPEAT = 0.4         # share of pages a block or a line recurs on to be template
MIN_BODY = 200       # characters of generic body for a page to teach where the body sits
# keeping a layout: on the held-back pages it must
KEEP_SERVED = 0.8    # serve this share of them,
KEEP_RECALL = 0.8    # keep this share of the generic body's shingles on each page it serves...
KEEP_PRECISION = 0.6 # ...with at least this share of its own shingles in the generic body,
KEEP_PAGES = 0.8     # ...on this share of the pages it serves,
KEEP_AGREE = 0.75    # and agree with the generic body this well on average (shingle F1)
FIELD_AGREE = 0.6    # share of pages where a field's selector gives what the generic path read

_HEADS = frozenset("h1 h2 h3 time".split())
_BLOCKS = frozenset("div ul ol dl table section aside nav form footer header p h2 h3 h4 h5 h6 blockquote".split())
# what a template block is, by its names first and then by its text
KINDS = [
    ("share-bar", r"share|sns|social|facebook|twitter|kakao|sharing|공유"),
    ("font-size", r"font|fontsize|text ?size|글자|zoom"),
    ("copyright", r"copyright|©|ⓒ|무단|저작권|all rights reserved|license"),
    ("subscription", r"subscri|newsletter|구독|sign ?up"),
    ("reporter-card", r"reporter|byline|author|writer|journalist|profile|기자"),
    ("related", r"related|relation|관련|more ?news|recommend|추천|see ?also|read ?more"),
    ("most-read", r"popular|most|ranking|rank|best|많이 ?본|인기"),
    ("ad", r"\bads?\b|advert|banner|sponsor|광고|google|dfp|promo"),
    ("comments", r"comment|reply|댓글|disqus"),
    ("tags", r"\btags?\b|keyword|태그|키워드"),
    ("navigation", r"\bnav|menu|breadcrumb|pagination|pager|prev|next"),
    ("print-email", r"print|email|mail|인쇄"),
    ("caption", r"caption|figcaption|photo|사진"),
]
_KINDS = [(kind, re.compile(rx, re.I)) for kind, rx in KINDS]


@dataclass
class LayoutReport:
    """What learning made of one group of pages."""

    version: int | None
    pages: int
    read: int = 0
    checked: int = 0
    served: float = 0.0
    agreement: float = 0.0
    kept: bool = False
    reason: str = ""
    spec: dict | None = None


@dataclass
class Learned:
    """learn_site's result: the profile (kept layouts only) and a report per group."""

    site: str
    profile: LearnedProfile
    reports: list[LayoutReport] = field(default_factory=list)
    pages: int = 0


def _reference(html: str, url: str | None):
    from ..guard import guarded
    from ..htmlpage import clean_generic
    articles = guarded(clean_generic(html, url), [])
    return articles[0] if articles else None


def _page_input(item) -> tuple[Any, str | None]:
    if isinstance(item, tuple):
        return item[0], item[1] if len(item) > 1 else None
    if isinstance(item, dict):
        return item.get("body") or item.get("html") or item.get("content"), item.get("url")
    return getattr(item, "body"), getattr(item, "url", None)


def learn_site(pages: Iterable, site: str | None = None,
               reference: Callable[[str, str | None], Any] | None = None) -> LearnedProfile:
    """Learn a site's layouts from its pages: (content, url) pairs, Page objects or dicts
    with body and url. Returns the LearnedProfile (no layouts when none is sure); its
    `learned` attribute holds the report of every group."""
    return learn(pages, site, reference).profile


def learn(pages: Iterable, site: str | None = None,
          reference: Callable[[str, str | None], Any] | None = None) -> Learned:
    reference = reference or _reference
    groups: list[list] = []          # [seed signature, [(key, url, packed html, signature)]]
    seen: set[str] = set()
    entries = []
    sites: Counter[str] = Counter()
    for item in pages:
        content, url = _page_input(item)
        try:
            html = decode(content) if isinstance(content, bytes) else content
        except Exception:  # unreadable input teaches nothing
            continue
        if not html or not looks_like_html(html):
            continue
        key = (url or "") + "\x00" + hashlib.sha1(html.encode("utf-8", "replace")).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        doc = parse(html)
        if doc is None:
            continue
        sites[site_of(url) or ""] += 1
        entries.append((key, url, zlib.compress(html.encode("utf-8", "replace"), 3), signature(doc)))
    site = site or (sites.most_common(1)[0][0] if sites else "") or "unknown"
    entries.sort(key=lambda e: e[0])
    for entry in entries:
        for group in groups:
            if jaccard(entry[3], group[0]) >= CLUSTER:
                group[1].append(entry)
                break
        else:
            groups.append([entry[3], [entry]])
    groups.sort(key=lambda g: (-len(g[1]), g[1][0][0]))
    reports, specs = [], []
    for members in (g[1] for g in groups):
        report = LayoutReport(version=None, pages=len(members))
        reports.append(report)
        if len(members) < MIN_PAGES:
            report.reason = f"fewer than {MIN_PAGES} pages share this template"
            continue
        spec = _learn_group(members, site, reference, report)
        if spec is not None:
            spec["version"] = len(specs) + 1
            report.version = spec["version"]
            specs.append(spec)
    profile = from_spec({"site": site, "layouts": specs})
    return Learned(site=site, profile=profile, reports=reports, pages=len(entries))


def _sample(members: list, limit: int) -> list:
    if len(members) <= limit:
        return list(members)
    step = len(members) / limit
    return [members[int(i * step)] for i in range(limit)]


def _learn_group(members: list, site: str, reference, report: LayoutReport) -> dict | None:
    infos = []
    for key, url, packed, sig in _sample(members, SAMPLE):
        html = zlib.decompress(packed).decode("utf-8")
        doc = parse(html)
        article = reference(html, url)
        info = PageInfo(key=key, url=url, html=html, doc=doc, sig=sig, article=article)
        if article is not None and len(article.body) >= MIN_BODY:
            info.measure()
            if info.body_chars:
                infos.append(info)
    report.read = len(infos)
    if len(infos) < MIN_PAGES:
        report.reason = f"the generic path found an article on only {len(infos)} of its pages"
        return None
    folds = min(len(infos), FOLDS)
    checks = []
    for fold in range(folds):
        train = [p for i, p in enumerate(infos) if i % folds != fold]
        spec = learn_layout(train, [m[3] for m in members])
        for page in (p for i, p in enumerate(infos) if i % folds == fold):
            checks.append(_check(spec, site, page))
    spec = learn_layout(infos, [m[3] for m in members])
    served = [c for c in checks if c is not None]
    report.checked = len(checks)
    report.served = len(served) / len(checks) if checks else 0.0
    report.agreement = sum(f for _, _, f in served) / len(served) if served else 0.0
    kept, reason = keep(checks)
    report.kept, report.reason = kept and spec is not None, reason if spec is not None else "no body container"
    if not report.kept:
        return None
    spec.update(pages=len(members), read=len(infos), checked=report.checked,
                served=round(report.served, 3), agreement=round(report.agreement, 3))
    report.spec = spec
    return spec


def keep(checks: list) -> tuple[bool, str]:
    """Whether held-back checks (None: not served; else (precision, recall, F1) of the
    learned body against the generic one) make a layout sure enough to use."""
    if not checks:
        return False, "no page to check it on"
    served = [c for c in checks if c is not None]
    if len(served) < KEEP_SERVED * len(checks):
        return False, f"served {len(served)} of {len(checks)} held-back pages"
    full = sum(1 for p, r, _ in served if r >= KEEP_RECALL and p >= KEEP_PRECISION)
    if full < KEEP_PAGES * len(served):
        return False, f"agreed with the generic body on only {full} of {len(served)} held-back pages"
    agree = sum(f for _, _, f in served) / len(served)
    if agree < KEEP_AGREE:
        return False, f"agrees with the generic path at {agree:.2f} only"
    return True, "sure"


def _check(spec: dict | None, site: str, page: PageInfo):
    if spec is None:
        return None
    profile = from_spec({"site": site, "layouts": [{**spec, "version": 0}]})
    articles = profile.clean(page.html, page.url)
    if not articles:
        return None
    return overlap(page.article.body, "\n\n".join(a.body for a in articles))


# -- one layout from its pages --------------------------------------------------------------

def learn_layout(pages: list[PageInfo], signatures: list[frozenset]) -> dict | None:
    """The layout these pages share, or None when no container holds their bodies."""
    body = _body_selector(pages)
    if body is None:
        return None
    sel = Sel(body)
    bodies = {id(p): (sel.nodes(p.doc) or [None])[0] for p in pages}
    spec: dict[str, Any] = {"body": body}
    fields = _fields(pages, bodies)
    if not fields.get("title"):
        return None
    spec.update(fields)
    spec["drop"] = _cuts(pages, bodies, body) + _field_cuts(pages, bodies, fields)
    spec["lines"] = _lines(pages, bodies, [css for _, css in spec["drop"]])
    # authors or times the generic path found where the layout has no selector for them: read
    # at clean time as the generic path reads them (only then, for speed)
    spec["declared"] = bool((not fields.get("byline") and any(p.article.authors for p in pages))
                            or (not (fields.get("times") or fields.get("published"))
                                and any(p.article.published for p in pages)))
    counts = Counter(name for sig in signatures for name in sig)
    spec["signature"] = sorted(name for name, n in counts.items() if n >= CORE * len(signatures))
    return spec


def _container(page: PageInfo):
    """The element holding at least 80% of the generic body with the least else."""
    best, best_precision = None, -1.0
    need = 0.8 * page.body_chars
    for el, cov in page.covered.items():
        if cov >= need:
            precision = cov / page.total[el]
            if precision >= best_precision:
                best, best_precision = el, precision
    return best


def _names(el) -> list[str]:
    """Selectors for an element: its id or full class set, each single class, or a step
    from a named parent."""
    out = []
    name = addr(el)
    if name:
        out.append(name)
        if not name.startswith("#"):
            classes = name.split(".")[1:]
            if len(classes) > 1:
                out += [f"{el.tag}.{c}" for c in classes]
    else:
        parent = el.getparent()
        pname = addr(parent) if parent is not None else None
        if pname:
            out.append(f"{pname} > {el.tag}")
    return out


def _body_selector(pages: list[PageInfo]) -> str | None:
    candidates: Counter[str] = Counter()
    for page in pages:
        el = _container(page)
        for _ in range(4):
            if el is None or el.tag in ("body", "html"):
                break
            candidates.update(_names(el))
            el = el.getparent()
    best, best_score = None, (0.0,)
    for css in sorted(candidates, key=lambda c: (-candidates[c], c))[:40]:
        try:
            sel = Sel(css)
        except Exception:
            continue
        recalls, scores = [], []
        for page in pages:
            nodes = sel.nodes(page.doc)
            if not nodes:
                recalls.append(0.0)
                scores.append(0.0)
                continue
            cov = page.covered.get(nodes[0], 0)
            r = cov / page.body_chars
            p = cov / page.total[nodes[0]] if page.total.get(nodes[0]) else 0.0
            recalls.append(r)
            scores.append(5 * p * r / (4 * p + r) if p + r else 0.0)
        score = (sum(scores) / len(scores), -len(css))
        if sum(recalls) / len(recalls) >= 0.7 and score > best_score:
            best, best_score = css, score
    return best


def _kind(name: str, texts: list[str]) -> str:
    words = re.sub(r"[-_.#>]", " ", name)
    for kind, rx in _KINDS:
        if rx.search(words):
            return kind
    for kind, rx in _KINDS:
        if any(rx.search(t) for t in texts[:3]):
            return kind
    repeated = Counter(t for t in texts if t)
    return "template-repeat" if repeated and repeated.most_common(1)[0][1] >= 2 else "template-block"


def _cuts(pages: list[PageInfo], bodies: dict, body_css: str) -> list[list[str]]:
    """Named blocks inside the body container that recur and never hold the generic body."""
    present: dict[str, int] = Counter()
    dropped: dict[str, int] = Counter()
    texts: dict[str, list[str]] = defaultdict(list)
    nodes_of: dict[str, list] = defaultdict(list)
    for page in pages:
        root = bodies[id(page)]
        if root is None:
            continue
        on_page: dict[str, bool] = {}
        for el in root.iterdescendants():
            name = addr(el)
            if name is None and el.tag in _BLOCKS:  # unnamed: a step from its named parent
                parent = el.getparent()
                pname = addr(parent) if parent is not None else None
                name = f"{pname} > {el.tag}" if pname else None
            if not name or name == body_css or not page.total.get(el):
                continue
            cov = page.covered.get(el, 0)
            clean = cov <= 0.05 * page.body_chars and cov < 0.2 * page.total[el]
            on_page[name] = on_page.get(name, True) and clean
            nodes_of[name].append(el)
            if len(texts[name]) < 8:
                texts[name].append(page.text(el, 200))
        for name, clean in on_page.items():
            present[name] += 1
            dropped[name] += clean
    need = max(2, math.ceil(REPEAT * len(pages)))
    chosen = sorted(n for n in present if present[n] >= need and dropped[n] >= 0.9 * present[n])
    chosen_nodes = {n: set(nodes_of[n]) for n in chosen}
    everything = set().union(*chosen_nodes.values()) if chosen_nodes else set()
    out = []
    for name in chosen:
        inner = all(any(a in everything for a in el.iterancestors()) for el in chosen_nodes[name])
        if not inner:
            out.append([_kind(name, texts[name]), name])
    return out


def _lines(pages: list[PageInfo], bodies: dict, cuts: list[str]) -> list[list[str]]:
    """Lines of the body container that recur with the same text on many pages (outside
    the blocks cut already)."""
    counts: Counter[str] = Counter()
    cut = Sel(", ".join(cuts)) if cuts else None
    for page in pages:
        root = bodies[id(page)]
        if root is not None:
            inside = {line for node in (cut.nodes(root) if cut else []) for line in text_lines(node)}
            counts.update(set(text_lines(root)) - inside)
    need = max(2, math.ceil(REPEAT * len(pages)))
    lines = sorted((line for line, n in counts.items() if n >= need and len(line) >= 4),
                   key=lambda line: (-counts[line], line))[:40]
    return [["learned:template-repeat", "^" + re.escape(line) + "$"] for line in sorted(lines)]


# -- fields -------------------------------------------------------------------------------

def _same_time(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return False
    a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    if a.date() != b.date():
        return False
    return (a.hour, a.minute) == (b.hour, b.minute) or (b.hour, b.minute) == (0, 0)


def _text_time(texts: list[str]) -> datetime | None:
    for text in texts:
        found = stamps(text) or ([("published", parse_time(text))] if parse_time(text) else [])
        for kind, when in found:
            if kind == "published":
                return when
    return None


def _attr_time(texts: list[str]) -> datetime | None:
    for text in texts:
        when = parse_time(text)
        if when:
            return when
    return None


def _authors(texts: list[str]) -> list[str]:
    out: list[str] = []
    for text in texts:
        out.extend(a for a in byline_authors(text) if a not in out)
    return out


def _meta_name(el) -> str | None:
    for attr in ("property", "name", "itemprop"):
        value = el.get(attr)
        if value and re.match(r"^[\w:.-]+$", value):
            return f'meta[{attr}="{value}"]@content'
    return None


def _candidates(page: PageInfo) -> dict[str, Counter]:
    """Selectors that give, on this page, what the generic path read for each field."""
    if page.cands is not None:
        return page.cands
    cands: dict[str, Counter] = defaultdict(Counter)
    a = page.article
    title = norm(a.title)
    deck = {norm(x) for x in a.subtitle}
    authors = set(a.authors)
    captions = {norm(x) for x in a.captions}
    sizes = {len(t) for t in [title, *deck, *captions] if t}
    head = page.doc.find("head")
    for el in (head.iter("meta") if head is not None else ()):
        name, content = _meta_name(el), norm(el.get("content"))
        if not name or not content:
            continue
        if title and content == title:
            cands["title"][name] += 1
        if a.published and len(content) < 60 and _same_time(parse_time(content), a.published):
            cands["published"][name] += 1
    for el, total in page.total.items():
        if not 0 < total <= 300 or el.tag in ("html", "body", "head"):
            continue
        near = any(abs(total - n) <= 3 + n // 10 for n in sizes)
        if not near and total > 150:
            continue
        names = _names(el) + ([el.tag] if el.tag in _HEADS else [])
        if not names:
            continue
        when = el.get("datetime")
        if a.published and when and _same_time(parse_time(when), a.published):
            cands["published"].update(f"{n}@datetime" for n in names)
        text = page.text(el, 300)
        if near:
            if title and text == title:
                cands["title"].update(names)
            if text in deck:
                cands["deck"].update(names)
            if text in captions:
                cands["captions"].update(names)
        if len(text) > 150:
            continue
        if authors and authors & set(byline_authors(text)):
            cands["byline"].update(names)
        if a.published and len(text) <= 120 and any(ch.isdigit() for ch in text) \
                and _same_time(_text_time([text]), a.published):
            cands["times"].update(names)
    page.cands = cands
    return cands


def _fields(pages: list[PageInfo], bodies: dict) -> dict[str, Any]:
    """Selectors for title, deck, byline, times and captions, where they give what the
    generic path read on most pages."""
    cands: dict[str, Counter] = defaultdict(Counter)
    for page in pages:
        for name, found in _candidates(page).items():
            cands[name].update(found)
    out: dict[str, Any] = {}
    for fieldname in ("title", "deck", "byline", "captions"):
        best = _best(fieldname, cands[fieldname], pages, bodies)
        if best:
            out[fieldname] = best
    best_time = _best("time", cands["times"] + cands["published"], pages, bodies)
    if best_time:
        out["published" if "@" in best_time else "times"] = best_time
        zones = Counter(int(p.article.published.utcoffset().total_seconds() // 60) for p in pages
                        if p.article.published is not None and p.article.published.utcoffset() is not None)
        if zones:
            out["zone"] = zones.most_common(1)[0][0]
    if out.get("captions"):
        out["figures"] = out["captions"]
    return out


def _best(fieldname: str, cands: Counter, pages: list[PageInfo], bodies: dict) -> str | None:
    best, best_score = None, (0, 0)
    for css in sorted(cands, key=lambda c: (-cands[c], c))[:20]:
        try:
            sel = Sel(css)
        except Exception:
            continue
        agree = wrong = wanted = 0
        for page in pages:
            a = page.article
            root = page.doc
            if fieldname == "captions":
                root = bodies[id(page)]
                if root is None:
                    continue
            texts = [norm(t) for t in sel.texts(root)]
            if fieldname == "title":
                want, got, same = norm(a.title), (texts[0] if texts else None), None
                same = got == want
            elif fieldname == "deck":
                want, got = [norm(x) for x in a.subtitle], [norm(x) for n in sel.nodes(root) for x in text_lines(n)]
                same = got == want
            elif fieldname == "byline":
                want, got = sorted(a.authors), sorted(_authors(texts))
                same = got == want
            elif fieldname == "captions":
                want, got = {norm(x) for x in a.captions}, texts
                same = bool(got) and sum(t in want for t in got) >= 0.8 * len(got) if want else not got
            else:
                want = a.published
                got = _attr_time(texts) if sel.attr else _text_time(texts)
                same = _same_time(got, want)
            if not want:
                continue
            wanted += 1
            if same:
                agree += 1
            elif got:
                wrong += 1
        if wanted and agree >= FIELD_AGREE * wanted and wrong <= 0.2 * wanted:
            score = (agree - wrong, -len(css))
            if score > best_score:
                best, best_score = css, score
    return best


def _field_cuts(pages: list[PageInfo], bodies: dict, fields: dict) -> list[list[str]]:
    """Title, byline and time blocks that sit inside the body container: read, then cut."""
    out = []
    for fieldname, kind in (("title", "title"), ("byline", "byline"), ("times", "time")):
        css = fields.get(fieldname)
        if not css or "@" in css:
            continue
        sel = Sel(css)
        inside = sum(1 for p in pages if bodies[id(p)] is not None
                     and any(bodies[id(p)] in n.iterancestors() for n in sel.nodes(bodies[id(p)])))
        if inside >= 0.5 * len(pages):
            out.append([kind, css])
    return out
