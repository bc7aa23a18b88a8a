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

from .meta import KST, merge_authors, numeric_order, page_zone, parse_time, shown_time

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "reportagenews", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "techarticle", "report", "posting",
    "socialmediaposting", "liveblogposting", "review", "recipe", "howto", "creativework", "medicalwebpage",
}


# objects whose dates are not the page's: the site, its publisher, a picture or a video
_NOT_PAGE_TYPES = {"website", "organization", "newsmediaorganization", "person", "imageobject", "videoobject",
                   "breadcrumblist", "sitenavigationelement", "event", "product", "offer", "comment"}


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
    sample = sample[:2000]
    hangul = len(re.findall(r"[\uac00-\ud7a3]", sample))
    letters = len(re.findall(r"[^\W\d_]", sample))
    return hangul > 50 or (hangul >= 10 and hangul >= 0.3 * letters)


def to_time(value: str | None, korean: bool, month_first: bool | None = None) -> datetime | None:
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
    return parse_time(value, default_tz=default, month_first=month_first)


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
    if not korean and not meta.lang:  # no declaration: the page's own words decide
        korean = is_korean(None, None, " ".join(str(t) for t in _TEXT_NODES(tree)[:300]))

    declared = [_clean(article.get("headline")) or _clean(article.get("name"))] if article else []
    declared += [metas.get(k) for k in ("og:title", "twitter:title", "title", "dc.title")] + [meta.page_title]
    publisher_name = _clean(publisher.get("name")) if isinstance(publisher, dict) else None
    meta.title = choose_title(tree, declared, meta.site, host, [n for n in (publisher_name,) if n])

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
    meta.authors = [a for a in merge_authors(meta.authors) if a.lower() not in site_names]  # the outlet is not an author
    meta.published = meta.published or to_time(_first(metas, *_PUBLISHED_KEYS), korean)
    meta.modified = meta.modified or to_time(_first(metas, *_MODIFIED_KEYS), korean)
    for name, prop in (("published", "datepublished"), ("modified", "datemodified")):
        if getattr(meta, name) is None:  # microdata on any element: `<span itemprop="datePublished">`
            for el in _ITEMPROP_TIMES(tree):
                if (el.get("itemprop") or "").strip().lower() == prop and not _in_comments(el):
                    when = to_time(el.get("content") or el.get("datetime") or _text(el), korean)
                    if when is not None:
                        setattr(meta, name, when)
                        break
    if meta.published is None or meta.modified is None:
        page = next((o for o in objects if o.get("datePublished") and not _types(o) & _NOT_PAGE_TYPES), None)
        if page:  # a page object's times, where no article object is declared (common in SEO plugins)
            meta.published = meta.published or to_time(_clean(page.get("datePublished")), korean)
            meta.modified = meta.modified or to_time(_clean(page.get("dateModified")), korean)
    if korean and meta.published is not None:  # declared for machines: the printed 입력 wins where they differ
        shown, shown_modified = printed_times(tree, korean, want_modified=meta.modified is not None)
        meta.published = shown_time(meta.published, shown)
        meta.modified = shown_time(meta.modified, shown_modified) if meta.modified else None
    # then what the markup writes: marked <time>, data attributes, labelled stamps, any <time>,
    # and last a bare date under the headline; numeric dates read in the page's own order
    order = numeric_order(lang, host, (str(t) for t in _TEXT_NODES(tree)[:400])) \
        if meta.published is None or meta.modified is None else None
    if meta.published is None:
        _time_elements(tree, meta, korean, marked_only=True)
    if meta.published is None or meta.modified is None:
        published, modified = markup_times(tree, korean, order)
        meta.published = meta.published or published
        meta.modified = meta.modified or modified
    if meta.published is None:
        _time_elements(tree, meta, korean, marked_only=False)
    if meta.published is None and meta.title and not _is_site_name(meta.title, _site_marks(tree, meta.site, host, [])):
        meta.published = headline_time(tree, meta.title, korean, order)  # not under a logo: that is the top bar's today
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


# -- the title ------------------------------------------------------------------------------
# Pages declare their title several ways (JSON-LD headline, og:title, <title>) and show it in
# a heading; the declared ones often carry the site's name or section (`Title | Site`,
# `Site: Title`, `Title - Section - Site`), the headings include logos, section names and
# teasers. The title is the heading the declared titles agree with; failing that, the
# declared title without the parts that name the site; failing that, the heading that
# opens the page's prose.
_SEP = re.compile(r"\s+(?:[|｜/\-–—~·•»›>:_]{1,3}|::+)\s+|\s*(?:[|｜»›]|::+|--+|_)\s*|\s+[-–—]\s*|[-–—:]\s+")
_NAV_SEP = "|｜>»›_/-"  # separators of a breadcrumb (`Site > News > World -- Title`), unlike a dash or colon
_SITE_NOTE = re.compile(r"\s*[(\[](?:from|via|on|von|de|di)?\s*([^()\[\]]{2,40})[)\]]\s*$", re.I)
_SITE_ON = re.compile(r"\s+(?:on|at|from|via|@)\s+((?:[\w-]+\.)+[a-z]{2,6})\s*$", re.I)  # a domain after the title
_MARKUP = re.compile(r"<[!/a-zA-Z]|-->|\{|\}")
_WORD = re.compile(r"\w", re.UNICODE)
_HEAD_MARK = re.compile(r"headline|title|tit\b|subject|heading|(?:^|[\s_-])hl(?:$|[\s_-])", re.I)
_NOT_HEADLINE = re.compile(r"sub|site|logo|nav|menu|side|related|popular|widget|footer|comment|rank|caption", re.I)
_TITLE_MARKS = XPath("//h1 | //h2 | //h3 | //h4 | //*[@itemprop='headline'] | "
                     "//body//*[self::div or self::span or self::p or self::strong or self::td or self::a]"
                     "[contains(@class, 'headline') or contains(@class, 'title') or contains(@class, 'tit') "
                     "or contains(@id, 'title') or contains(@class, 'subject') or contains(@class, 'heading')]")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")  # no spaces between words: no word count
_BYLINE_HEAD = re.compile(r"^(?:by|von|par|por|di)\s", re.I)
_HOME_LINKS = XPath("//a[@href='/' or @href='./' or @href='index.html' or @href='/index.html' or @href='/index.php']")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _words(text: str) -> str:
    """Text as its words only, case folded: quotes, dots and dashes do not decide agreement."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _declared_title(text: str | None) -> str | None:
    """A declared title without the markup a broken page leaked into it."""
    text = _clean(text)
    if not text:
        return None
    m = _MARKUP.search(text)
    if m:
        text = text[:m.start()].strip()
    text = text.strip(" =<>«»|-–—:")
    return text if len(text) >= 2 else None


_GENERIC_LABELS = frozenset(("www", "www1", "www2", "m", "mobile", "news", "en", "english", "edition", "blog",
                             "blogs", "sports", "sport", "online", "web", "amp", "beta", "de", "fr", "es", "it"))


def _site_marks(tree: HtmlElement, site: str | None, host: str | None, extra: list[str]) -> set[str]:
    """The names the site goes by on its own page: og:site_name and the publisher, the
    host and its name label, and what its links to its own front page say."""
    marks = {_fold(m) for m in (site, host, *extra) if m and len(m) <= 50}  # not a headline put in og:site_name
    if host:
        labels = [label for label in host.split(".")[:-1] if label not in _GENERIC_LABELS]
        if labels and len(labels[0]) >= 3:
            marks.add(labels[0])  # `belfasttelegraph` of www.belfasttelegraph.co.uk, `bbc` of news.bbc.co.uk
    for a in _HOME_LINKS(tree)[:5]:
        for value in (_text(a), a.get("title"), *(img.get("alt") for img in a.iter("img"))):
            value = _clean(value)
            if value and len(value) <= 40:
                marks.add(_fold(value))
    return {m for m in marks if len(m) >= 2}


def _squeeze(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _names_site(part: str, marks: set[str]) -> bool:
    """Whether a part of a title names the site: it is one of the site's names, holds one
    as whole words, or, written without spaces and dots, holds a long one (`Belfast
    Telegraph` for belfasttelegraph.co.uk)."""
    p = _fold(part).strip(" .,:;-")
    if not p:
        return True
    squeezed = _squeeze(p)
    for m in marks:
        m_squeezed = _squeeze(m)
        if p == m or squeezed == m_squeezed:
            return True
        if len(m) >= 3 and (_bounded_in(m, p) or (len(p) >= 4 and _bounded_in(p, m))):
            return True
        if len(m_squeezed) >= 6 and (m_squeezed in squeezed or (len(squeezed) >= 6 and squeezed in m_squeezed)):
            return True
    return False


def _is_site_name(text: str, marks: set[str]) -> bool:
    """Whether a text is nothing but the site's name (unlike a headline that mentions it)."""
    squeezed = _squeeze(text)
    return any(squeezed == _squeeze(m) for m in marks) or (_names_site(text, marks) and len(text.split()) <= 3)


def _segments(title: str) -> list[tuple[int, int]]:
    """The (start, end) spans of a title's parts between separators."""
    spans, at = [], 0
    for m in _SEP.finditer(title):
        if m.start() > at:
            spans.append((at, m.start()))
        at = m.end()
    if at < len(title):
        spans.append((at, len(title)))
    return spans


def _bounded_in(needle: str, hay: str) -> bool:
    """`needle` occurs in `hay` as whole words (case folded)."""
    at = hay.find(needle)
    while at >= 0:
        before = hay[at - 1] if at else " "
        end = at + len(needle)
        after = hay[end] if end < len(hay) else " "
        if not (_WORD.match(before) and _WORD.match(needle[0])) and not (_WORD.match(after) and _WORD.match(needle[-1])):
            return True
        at = hay.find(needle, at + 1)
    return False


def _without_site(title: str, marks: set[str]) -> str:
    """A declared title without the parts that name the site, and without the short section
    labels that trail a much longer headline (`Title - Soccer - Sport - Site`)."""
    for pattern in (_SITE_NOTE, _SITE_ON):  # `Title (from The Herald)`, `Title on Example.com`
        note = pattern.search(title)
        if note and note.start() > 0 and _names_site(note.group(1), marks):
            title = title[:note.start()]
    spans = _segments(title)
    if len(spans) < 2:
        return title
    parts = [title[a:b] for a, b in spans]
    lo, hi = 0, len(parts)
    while hi - lo > 1:
        longest = max(len(parts[i]) for i in range(lo, hi - 1))
        last = parts[hi - 1]
        if _names_site(last, marks):
            hi -= 1
        elif (hi < len(parts) or len(parts) >= 3 or title[spans[hi - 2][1]:spans[hi - 1][0]].strip()[:1] not in "-–—:") \
                and len(_fold(last).split()) <= 3 and longest >= 1.5 * len(last):
            hi -= 1  # a section label between the headline and the site's name
        else:
            break
    while hi - lo > 1:
        sep = title[spans[lo][1]:spans[lo + 1][0]].strip()
        longest = max(len(parts[i]) for i in range(lo + 1, hi))
        if _names_site(parts[lo], marks) or (sep[:1] in _NAV_SEP and sep not in "-–—" and len(_fold(parts[lo]).split()) <= 3
                                              and longest >= 1.5 * len(parts[lo])):
            lo += 1
        else:
            break
    if hi - lo > 1:
        seps = [title[spans[i][1]:spans[i + 1][0]].strip() for i in range(lo, hi - 1)]
        if all(sep and sep[0] in "|｜>»›_/" for sep in seps):  # a breadcrumb: the headline is its longest part
            longest = max(range(lo, hi), key=lambda i: len(parts[i]))
            lo, hi = longest, longest + 1
    return title[spans[lo][0]:spans[hi - 1][1]].strip()


def _heading_text(el) -> str:
    """A heading's text: its parts joined by a space, except before punctuation
    (`<span>Kicker</span>: Title` reads `Kicker: Title`)."""
    out = ""
    for piece in el.itertext():
        if out and not out[-1].isspace() and piece and not piece[0].isspace() and piece[0] not in ":,.;!?)":
            out += " "
        out += piece
    return " ".join(out.split())


def _heading_texts(tree: HtmlElement) -> list[tuple[str, object]]:
    out = []
    for el in _TITLE_MARKS(tree)[:300]:
        if el.tag not in ("h1", "h2", "h3", "h4") and el.get("itemprop") != "headline":
            mark = " ".join(filter(None, (el.get("class"), el.get("id"))))
            if not _HEAD_MARK.search(mark) or _NOT_HEADLINE.search(mark):
                continue
        text = _heading_text(el)
        if 2 <= len(text) <= 300 and not _BYLINE_HEAD.match(text):
            out.append((text, el))
    return out


def _prose_heading(headings: list[tuple[str, object]], tree: HtmlElement, marks: set[str]) -> str | None:
    """The last heading before the page's first paragraph of running text."""
    order = {el: i for i, el in enumerate(tree.iter())}
    paragraphs = [(len(_text(p)), order[p]) for p in tree.iter("p")]
    first_prose = next((at for n, at in paragraphs if n >= 150), None)
    if first_prose is None and paragraphs:
        first_prose = max(paragraphs)[1]
    if first_prose is None:
        return None
    best = None
    for text, el in headings:
        if order.get(el, 1 << 30) < first_prose and len(text) >= 12 and not _is_site_name(text, marks) \
                and not text.endswith(":"):
            best = text
    return best


_ONE_HANGUL_WORD = re.compile(r"[가-힣]{2,8}")
_SHOWN_TAGS = ("td", "div", "span", "font", "b", "strong", "p", "h4", "h5", "h6", "em", "big", "center", "i")


def _shown_part(tree: HtmlElement, titles: list[str], marks: set[str]) -> str | None:
    """The longest run of a declared title's parts (`Site - Section - Headline`) that the page
    prints as the whole text of one element outside links and furniture: the headline is
    printed on its page, the site's name and the section mostly only in links and the logo.
    Runs that name the site, or of fewer than three words, do not count."""
    runs = {}
    for t in titles:
        spans = _segments(t)
        if len(spans) < 2:
            continue
        for i in range(len(spans)):
            for j in range(i, len(spans)):
                run = t[spans[i][0]:spans[j][1]].strip()
                w = _words(run)
                if (len(w.split()) >= 3 or (_CJK.search(run) and len(run) >= 8)) and not _names_site(run, marks) \
                        and not any(_names_site(t[a:b], marks) for a, b in spans[i:j + 1]):
                    runs.setdefault(w, run)
    if not runs:
        return None
    found = None
    body = next(iter(tree.xpath("//body")), None)
    for el in (body.iter(_SHOWN_TAGS) if body is not None else ()):
        if len(el) > 4:
            continue
        text = _heading_text(el)
        if not 8 <= len(text) <= 300:
            continue
        w = _words(text)
        if w in runs and (found is None or len(w) > len(found[0])) and not any(a.tag == "a" for a in el.iterancestors()) \
                and el.find(".//a") is None and not _is_chrome(el):
            found = (w, runs[w])
    return found[1] if found else None


# A title that names only the kind of page, not the story: an archive's popup, a print view.
_GENERIC_TITLE = re.compile(
    r"^(?:저장된\s?(?:페이지|기사|문서)(?:\s?보기)?|(?:기사|뉴스|본문|원문)\s?(?:보기|인쇄|프린트|원문)|인쇄(?:하기)?|"
    r"프린트|미리\s?보기|홈|메인|print(?:\s+(?:view|article|version|page))?|untitled(?:\s+document)?|"
    r"home(?:\s?page)?|article|news|view article|saved page)$", re.I)


def choose_title(tree: HtmlElement, declared: list[str | None], site: str | None, host: str | None,
                 site_names: list[str] = ()) -> str | None:
    """The article's title by agreement between the declared titles and the page's headings.

    A declared title that is only the site's name (`연합뉴스TV`) or a page kind's label
    (`저장된 페이지 보기`) names no story: it counts as one of the site's names, so a heading
    that repeats it is passed over and the headline is looked for among the others."""
    marks = _site_marks(tree, site, host, list(site_names))
    titles = [t for t in dict.fromkeys(_declared_title(d) for d in declared) if t]
    generic = [t for t in titles if _GENERIC_TITLE.match(t) or any(_squeeze(t) == _squeeze(m) for m in marks)]
    if generic:
        marks |= {_fold(t) for t in generic}
        fallback = titles[0]
        titles = [t for t in titles if t not in generic]
        chosen = _choose_title(tree, titles, marks)
        return chosen or fallback
    return _choose_title(tree, titles, marks)


def _choose_title(tree: HtmlElement, titles: list[str], marks: set[str]) -> str | None:
    headings = _heading_texts(tree)
    worded = [_words(t) for t in titles]
    best = None  # (declared source rank, length, text)
    for text, el in headings:
        f = _words(text)
        if not f:
            continue
        if _is_site_name(text, marks) and f not in worded:
            continue
        for rank, t in enumerate(worded):
            if _bounded_in(f, t):
                longest = max((len(_words(titles[rank][a:b])) for a, b in _segments(titles[rank])
                               if not _names_site(titles[rank][a:b], marks)), default=len(t))
                if len(f) >= 0.5 * longest or len(f.split()) >= 4:
                    key = (-rank, len(f), el.tag == "h1")
                    if best is None or key > best[0]:
                        best = (key, text)
                break
        else:
            # a heading that holds a declared title and a kicker or a date beside it
            # (`<h1><span>Kicker</span> Title</h1>`): the declared title is the headline
            for rank, t in enumerate(titles):
                stripped = _without_site(t, marks)
                w = _words(stripped)
                if len(w.split()) >= 3 and w != f and _bounded_in(w, f) and len(w) >= 0.5 * len(f):
                    key = (-rank, len(w), el.tag == "h1")
                    if best is None or key > best[0]:
                        best = (key, stripped)
                    break
    h1s = [text for text, el in headings if el.tag == "h1" and len(_words(text).split()) >= 3
           and not _is_site_name(text, marks) and not _GENERIC_TITLE.match(text)]
    if best is not None:
        if len(h1s) == 1 and not best[0][2] and len(_words(best[1]).split()) <= 3 and not _CJK.search(best[1]):
            return h1s[0]  # a section's name (`Site > Golf > News`) met in a lesser heading: the one h1 wins
        return best[1]
    shown = _shown_part(tree, titles, marks)
    if shown:  # no heading agrees, but the page prints a part of the declared title on its own
        return shown
    if len(h1s) == 1:  # one headline on the page, whatever the declared titles say
        return h1s[0]
    heading = _prose_heading(headings, tree, marks)
    for t in titles:
        stripped = _without_site(t, marks)
        if stripped and not _is_site_name(stripped, marks):
            # the declared title is a section's or the site's name (`Site - Sports Wire`), or one
            # short Korean word (`언론재단`: Korean headlines have spaces, unlike Chinese ones)
            short = _ONE_HANGUL_WORD.fullmatch(stripped) or (len(_words(stripped).split()) <= 3 and not _CJK.search(stripped))
            if heading and short and len(_words(heading).split()) >= (3 if _CJK.search(heading) else 4) \
                    and "://" not in heading and parse_time(heading) is None:
                return heading
            return stripped
    if heading:
        return heading
    return titles[0] if titles else None


# -- times written in the markup ------------------------------------------------------------
# Beside JSON-LD and meta tags, pages write the article's times in data attributes
# (`data-date-time="2022-09-14 16:04:12"`, `data-modify-date-time`) and as labelled stamps
# (`<span>기사입력</span> <em>2013-10-24 03:00:00</em>`, `Updated 5 May 2022`). The page's
# furniture has dates too: the top bar's today, a sidebar's list, the comments. Only a
# labelled stamp or a time attribute outside that furniture counts, the first one in the page.
_CHROME_TAGS = frozenset(("nav", "aside", "footer"))
_CHROME_WORDS = frozenset((
    "gnb", "lnb", "snb", "sidebar", "aside", "footer", "foot", "comment", "comments", "reply", "replies",
    "cmt", "rank", "ranking", "popular", "weather", "navbar", "nav", "menu", "banner", "ticker", "topbar", "today",
    "widget", "related", "recommend", "most", "best", "sns"))
_PAGE_HEADER_WORDS = frozenset(("header", "head", "top", "site", "global", "wrap", "inner", "area", "container",
                                "common", "page", "bar", "util", "box", "gnb", "main", "wrapper"))
_SPLIT_MARK = re.compile(r"[\s_\-]+")
_DATA_TIMES = XPath("//body//*[@*[starts-with(name(), 'data-') and (contains(name(), 'date') "
                    "or contains(name(), 'time'))]]")
_FULL_TIME = re.compile(r"^\s*(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2}\.?(?:[ T]\d{1,2}:\d{2}|\s*$)")
_MODIFIED_NAME = re.compile(r"modif|updat|edit|change|revis", re.I)
_PUBLISHED_MARK = re.compile(r"publish|entry-date|pubdate|created|posted", re.I)
_ITEMPROP_TIMES = XPath("//body//*[@itemprop='datePublished' or @itemprop='dateModified' or "
                        "@itemprop='datepublished' or @itemprop='datemodified']")
_TEXT_NODES = XPath("//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]")


def _time_elements(tree: HtmlElement, meta: PageMeta, korean: bool, marked_only: bool) -> None:
    """Published (and modified) from <time datetime>: those marked as the publication time
    (`pubdate`, itemprop, a `published` class) wherever they are, or, with `marked_only`
    False, the first one outside the page's furniture."""
    for el in tree.xpath("//time[@datetime]")[:20]:
        mark = " ".join(filter(None, (el.get("class"), el.get("itemprop"))))
        marked = el.get("pubdate") is not None or bool(_PUBLISHED_MARK.search(mark))
        if (marked_only and not marked) or _in_comments(el) or (not marked and _is_chrome(el)):
            continue
        when = to_time(el.get("datetime"), korean)
        if when is None:
            continue
        if _MODIFIED_NAME.search(mark) and not marked:
            meta.modified = meta.modified or when
            continue
        meta.published = when
        return


def _is_chrome(el) -> bool:
    """Whether an element sits in the page's furniture: navigation, a sidebar, the footer,
    comments, rankings, or the page header (not the article's own header)."""
    in_article = any(a.tag in ("article", "main") or _ARTICLE_MARK.search(a.get("class") or "")
                     for a in el.iterancestors())
    chrome_words = _CHROME_WORDS - {"footer", "foot"} if in_article else _CHROME_WORDS  # an article's own footer
    while el is not None and isinstance(el.tag, str) and el.tag not in ("body", "html"):
        if el.tag in _CHROME_TAGS and not (in_article and el.tag == "footer"):
            return True
        mark = " ".join(filter(None, (el.get("class"), el.get("id")))).lower()
        words = set(filter(None, _SPLIT_MARK.split(mark))) if mark else set()
        if words & chrome_words:
            return True
        if not in_article and (el.tag == "header" or ("header" in words and words <= _PAGE_HEADER_WORDS)) \
                and _is_page_header(el):
            return True
        if el.tag in ("article", "main"):
            return False  # what wraps the article is layout, whatever its class says
        el = el.getparent()
    return False


_ARTICLE_MARK = re.compile(r"(?:^|\s)(?:article|post|entry|news-single|story)(?:$|\s)", re.I)
_IN_COMMENTS = frozenset(("comment", "comments", "reply", "replies", "cmt"))


def _in_comments(el) -> bool:
    for a in [el, *el.iterancestors()]:
        mark = " ".join(filter(None, (a.get("class"), a.get("id")))).lower()
        if mark and set(_SPLIT_MARK.split(mark)) & _IN_COMMENTS:
            return True
    return False


def _is_page_header(el) -> bool:
    """A page's top bar: no headline or article inside it, and little text."""
    if el.find(".//h1") is not None or el.find(".//article") is not None:
        return False
    return sum(len(t) for t in el.itertext()) < 1500


def markup_times(tree: HtmlElement, korean: bool, month_first: bool | None = None) -> tuple[datetime | None, datetime | None]:
    """(published, modified) from time attributes and labelled stamps outside the page's furniture."""
    published = modified = None
    for el in _DATA_TIMES(tree)[:50]:
        for name, value in el.attrib.items():
            if not name.startswith("data-") or ("date" not in name and "time" not in name):
                continue
            if not _FULL_TIME.match(value or "") or _is_chrome(el):
                continue
            when = to_time(value, korean)
            if when is None:
                continue
            if _MODIFIED_NAME.search(name):
                modified = modified or when
            else:
                published = published or when
    if published and modified:
        return published, modified
    shown, shown_modified = printed_times(tree, korean, month_first, want_modified=modified is None)
    return published or shown, modified or shown_modified


def printed_times(tree: HtmlElement, korean: bool, month_first: bool | None = None,
                  want_modified: bool = True) -> tuple[datetime | None, datetime | None]:
    """(published, modified) as the page prints them for its readers: the first labelled
    stamps (`입력 2026.03.21. 19:42`, `Updated 5 May 2022`) outside the page's furniture."""
    from .meta import stamps

    published = modified = None
    seen = 0
    for node in _TEXT_NODES(tree):
        if published and (modified or not want_modified):
            break
        text = str(node)
        if not text.strip() or not _LABEL_HINT.search(text):
            continue
        el = node.getparent()
        for _ in range(3):  # the label's element, or the few around it that hold the date
            if el is None:
                break
            line = _text(el)
            if len(line) > 160:
                break
            found = stamps(line, month_first)
            if found:
                if _is_chrome(el):
                    break
                for kind, when in found:
                    when = page_zone(when, korean)
                    if kind == "published":
                        published = published or when
                    else:
                        modified = modified or when
                break
            el = el.getparent()
        seen += 1
        if seen > 40:
            break
    return published, modified


def _label_hint():
    from .meta import _LABEL_KIND
    return re.compile("|".join(sorted(map(re.escape, _LABEL_KIND), key=len, reverse=True)), re.I)


_LABEL_HINT = _label_hint()


def headline_time(tree: HtmlElement, title: str | None, korean: bool,
                  month_first: bool | None = None) -> datetime | None:
    """A date written without a label right under the headline, before the story's first
    paragraph (`Jan. 6, 2008`, `5 января 2012, 14:33`, `2022.09.14. 오후 4:04`): in the
    article's own header a bare date is the article's. Dates in the page furniture do not count."""
    if not title:
        return None
    headline = next((h for h in tree.iter("h1", "h2", "h3", "h4", "div", "span", "td", "p", "strong", "b", "font")
                     if len(h) < 20 and _text(h) == title), None)
    if headline is None:
        return None
    seen = 0
    started = False
    for node in _TEXT_NODES(tree):
        parent = node.getparent()
        if not started:
            started = parent is headline or any(a is headline for a in parent.iterancestors())
            continue
        if parent is headline or any(a is headline for a in parent.iterancestors()):
            continue
        text = " ".join(str(node).split())
        if not text:
            continue
        seen += 1
        if len(text) >= 150 or seen > 25:
            break
        if len(text) > 100 or not _DIGIT_YEAR.search(text):
            continue
        if _is_chrome(parent):
            continue
        when = parse_time(text, default_tz=KST if korean else timezone.utc, month_first=month_first)
        if when is not None:
            return when
    return None


_DIGIT_YEAR = re.compile(r"(?:19|20)\d\d")
