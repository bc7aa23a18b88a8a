"""Article metadata declared in a page's markup: JSON-LD, OpenGraph, meta tags, <time>, <html lang>.

Pages say the same thing several ways; the order of trust is JSON-LD (written for
machines, per article), then OpenGraph and named meta tags, then visible markup (h1,
<time>, elements whose class marks a deck). Times come back timezone-aware: an offset
the page writes wins, otherwise Korean pages get +09:00 and others UTC.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

from lxml.etree import XPath
from lxml.html import HtmlElement

from .meta import KST, parse_time

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "techarticle", "report", "posting",
    "socialmediaposting", "liveblogposting", "review", "recipe", "howto", "creativework", "medicalwebpage",
}


@dataclass
class PageMeta:
    """What the markup says about the article; every field may be empty."""

    title: str | None = None
    subtitle: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    section: str | None = None
    lang: str | None = None
    site: str | None = None
    captions: list[str] = field(default_factory=list)
    kind: str | None = None  # og:type or JSON-LD @type, lowercased: "article", "website", ...
    page_title: str | None = None  # the <title> element, kept apart for error-page checks
    h1: str | None = None


def _text(el) -> str:
    return " ".join(" ".join(el.itertext()).split())


def _clean(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        if value is None:
            return None
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _json_objects(tree: HtmlElement) -> list[dict]:
    """Every JSON-LD object on the page, flattened out of lists and @graph."""
    out: list[dict] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        raw = re.sub(r"[\x00-\x1f]", " ", raw).removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        stack = [data]
        while stack and len(out) < 100:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                out.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
                if isinstance(item.get("mainEntity"), (dict, list)):
                    stack.append(item["mainEntity"])
    return out


def _types(obj: dict) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _person_names(value) -> list[str]:
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("name")
        name = _clean(item)
        if name and not _looks_like_url(name):
            names.append(name)
    return names


def _looks_like_url(text: str) -> bool:
    return bool(re.match(r"^(?:https?:)?//|^www\.", text))


def _metas(tree: HtmlElement) -> dict[str, str]:
    """meta tags by lowercased name/property/itemprop; the first non-empty value wins."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
        value = _clean(el.get("content"))
        if key and value:
            out.setdefault(key.strip().lower(), value)
    return out


def _first(metas: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        if metas.get(key):
            return metas[key]
    return None


_PUBLISHED_KEYS = ("article:published_time", "og:article:published_time", "og:published_time",
                   "datepublished", "publishdate", "publish-date", "pubdate", "publication_date",
                   "date", "dc.date.issued", "dc.date", "dcterms.date", "dcterms.created", "sailthru.date",
                   "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime", "dable:published_time",
                   "article:created_time", "created_date", "datecreated")
_MODIFIED_KEYS = ("article:modified_time", "og:article:modified_time", "og:updated_time", "datemodified",
                  "last-modified", "dcterms.modified", "article.updated", "lastmod")
_SECTION_KEYS = ("article:section", "og:article:section", "section", "articlesection", "dable:item_category",
                 "parsely-section", "cxenseparse:recs:articlesection")
_SUBTITLE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:sub[_-]?(?:title|tit|head(?:line|ing)?|head|ject)|subtitle|subtit|sub|deck|dek|standfirst|"
    r"strapline|article[_-]?summary|sumtitle|summary[_-]?title|lead[_-]?title|alternative[_-]?headline)(?:$|[\s_-])",
    re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•]\s+|\s*[|｜]\s*")


def is_korean(url: str | None, lang: str | None, sample: str = "") -> bool:
    host = urlsplit(url).hostname or "" if url else ""
    if host.endswith(".kr") or (lang or "").startswith("ko"):
        return True
    hangul = len(re.findall(r"[\uac00-\ud7a3]", sample[:2000]))
    return hangul > 50


def to_time(value: str | None, korean: bool) -> datetime | None:
    """A declared time, timezone-aware; no written offset means KST on Korean pages, else UTC."""
    value = _clean(value)
    if not value:
        return None
    default = KST if korean else timezone.utc
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return dt if dt.tzinfo else dt.replace(tzinfo=default)
    except ValueError:
        pass
    if re.fullmatch(r"\d{10}(?:\d{3})?", value):  # epoch seconds or milliseconds
        seconds = int(value[:10])
        return datetime.fromtimestamp(seconds, tz=default)
    return parse_time(value, default_tz=default)


def _strip_site(title: str, site: str | None, host: str | None) -> str:
    """`Headline | Site` and `Site - Headline` give `Headline` when the other part names the site."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    marks = {m.lower() for m in (site, host) if m}
    host_word = (host or "").split(".")[0].lower()

    def names_site(part: str) -> bool:
        p = part.lower().strip()
        return bool(p) and (p in marks or any(p in m or m in p for m in marks) or (host_word and host_word in p.replace(" ", "")))

    if names_site(parts[-1]):
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    if names_site(parts[0]):
        return " - ".join(parts[1:]) if len(parts) > 2 else parts[1]
    return title


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.").removeprefix("m.") or None


def page_meta(tree: HtmlElement, url: str | None = None) -> PageMeta:
    """Read the metadata a page declares, without touching its tree."""
    meta = PageMeta()
    metas = _metas(tree)
    objects = _json_objects(tree)
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), None)
    host = host_of(url)

    # language first: it decides the default timezone
    html = tree if tree.tag == "html" else next(iter(tree.xpath("/html")), tree)
    lang = html.get("lang") or html.get("xml:lang") or metas.get("content-language") or metas.get("og:locale")
    if article and not lang:
        lang = _clean(article.get("inLanguage"))
    if lang:
        code = re.split(r"[-_]", lang.strip())[0].lower()
        meta.lang = code if re.fullmatch(r"[a-z]{2,3}", code) else None

    title_el = tree.find(".//title")
    meta.page_title = _text(title_el) if title_el is not None else None
    h1 = tree.xpath("//h1")
    meta.h1 = next((t for t in (_text(h) for h in h1) if t), None)

    publisher = article.get("publisher") if article else None
    meta.site = (_first(metas, "og:site_name", "application-name", "twitter:site")
                 or (_clean(publisher.get("name")) if isinstance(publisher, dict) else None))
    if meta.site and meta.site.startswith("@"):
        meta.site = None
    meta.site = meta.site or host

    korean = is_korean(url, meta.lang, (meta.page_title or "") + (meta.h1 or ""))

    title = None
    if article:
        title = _clean(article.get("headline")) or _clean(article.get("name"))
    title = title or _first(metas, "og:title", "twitter:title", "title", "dc.title")
    if meta.h1 and (not title or (len(meta.h1) > 10 and meta.h1 in title)):
        title = meta.h1  # the visible headline, without the site suffix og:title often carries
    title = title or meta.page_title
    if title:
        meta.title = _strip_site(title, meta.site, host)

    if article:
        meta.authors = _person_names(article.get("author") or article.get("creator") or [])
        meta.published = to_time(_clean(article.get("datePublished")) or _clean(article.get("dateCreated")), korean)
        meta.modified = to_time(_clean(article.get("dateModified")), korean)
        meta.section = _clean(article.get("articleSection"))
        alt = _clean(article.get("alternativeHeadline"))
        if alt and alt != meta.title:
            meta.subtitle = [alt]
    if not meta.authors:
        for key in ("author", "article:author", "dable:author", "byl", "parsely-author", "sailthru.author",
                    "dc.creator", "citation_author"):
            value = metas.get(key)
            if value and not _looks_like_url(value):
                meta.authors = [a.strip() for a in re.split(r"\s*(?:,|;|\band\b)\s*", re.sub(r"^[Bb]y\s+", "", value))
                                if a.strip()]
                break
    site_names = {n.lower() for n in (meta.site, host, _clean(publisher.get("name")) if isinstance(publisher, dict) else None) if n}
    meta.authors = [a for a in dict.fromkeys(meta.authors) if a.lower() not in site_names]  # the outlet is not an author
    meta.published = meta.published or to_time(_first(metas, *_PUBLISHED_KEYS), korean)
    meta.modified = meta.modified or to_time(_first(metas, *_MODIFIED_KEYS), korean)
    if meta.published is None:
        for el in tree.xpath("//time[@datetime]")[:3]:
            meta.published = to_time(el.get("datetime"), korean)
            if meta.published:
                break
    meta.section = meta.section or _first(metas, *_SECTION_KEYS)

    kinds = [t for o in objects for t in _types(o)]
    meta.kind = "article" if article else (_first(metas, "og:type") or (kinds[0] if kinds else None))
    if meta.kind:
        meta.kind = meta.kind.lower()

    if not meta.subtitle:
        meta.subtitle = _subtitles(tree, meta.title)
    meta.captions = _captions(tree)
    return meta


_MARKS = ("sub", "deck", "dek", "standfirst", "strap", "sum", "lead", "alternative")
_SUBTITLE_TAGS = ("h2", "h3", "h4", "p", "div", "span", "strong", "em")


_HEADLINE_CLASS = XPath("(//body//*[contains(@class, 'headline') or contains(@class, 'title') "
                        "or contains(@class, 'tit')])[1]")


def _subtitle_candidates(tree: HtmlElement, title: str | None):
    """Elements near the headline whose class, id or itemprop could mark a deck: the deck
    sits next to the headline, so only the headline's neighbourhood is searched. The
    headline is the heading that shows the title (a logo can be the first <h1>)."""
    headline = None
    if title:
        headline = next((h for h in tree.iter("h1", "h2", "h3") if title in _text(h)), None)
    headline = headline if headline is not None else next(tree.iter("h1"), None)
    if headline is None:
        found = _HEADLINE_CLASS(tree)
        if not found:
            return
        headline = found[0]
    scope = headline
    for _ in range(3):  # the deck may sit in the article body next to the headline's header block
        parent = scope.getparent()
        if parent is None or parent.tag in ("html", "body"):
            break
        scope = parent
    if scope is headline:
        return
    for el in scope.iter(*_SUBTITLE_TAGS):
        mark = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"))))
        if mark and any(m in mark.lower() for m in _MARKS):
            yield el, mark


def _subtitles(tree: HtmlElement, title: str | None) -> list[str]:
    """Deck lines from elements whose class or id marks them as a subtitle."""
    out: list[str] = []
    for el, mark in _subtitle_candidates(tree, title):
        if not _SUBTITLE_CLASS.search(mark) or el.xpath(".//a[@href] | .//p | .//li"):
            continue
        lines = [" ".join(part.split()) for part in _br_lines(el)]
        for line in lines:
            if line and 4 <= len(line) <= 300 and line != title and line not in out:
                out.append(line)
        if len(out) >= 6:
            break
    return out[:6]


def _br_lines(el) -> list[str]:
    """The text of an element split at <br>, so a deck written as several lines stays several lines."""
    parts = [""]

    def walk(node) -> None:
        if node.tag == "br":
            parts.append("")
        elif isinstance(node.tag, str):
            parts[-1] += node.text or ""
            for child in node:
                walk(child)
                parts[-1] += child.tail or ""

    walk(el)
    return parts


_CREDIT_ONLY = re.compile(r"^(?:사진|자료|그래픽|제공|출처|photo|image|foto|bild|credit)\s*[=:/]\s*\S{1,25}\.?$", re.I)


def _captions(tree: HtmlElement) -> list[str]:
    """<figcaption> texts, without the ones that only credit the photo (`사진=KT.`)."""
    out: list[str] = []
    for el in tree.iter("figcaption"):
        text = _text(el)
        if text and text not in out and len(text) <= 600 and not _CREDIT_ONLY.match(text):
            out.append(text)
    return out[:30]
