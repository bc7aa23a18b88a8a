"""Declarative site profiles: which pages a profile serves, and per layout version the
selectors for each part of an article and the clutter blocks to cut.

Saved pages span years and sites change their markup, so a profile holds several
`Layout`s, each with the dates it applies to. The page's own published stamp picks the
layout to try first; a layout only serves a page whose title and body it finds, so an
old article re-served in today's markup still lands on today's layout.

Selectors are CSS, compiled once to XPath (cssselect); `css@attr` reads an attribute
instead of text, e.g. `meta[property="article:section"]@content`.

A portal page (Naver, Daum) carries another outlet's article: `publisher` reads the
press's name (often a logo's `img@title`) and `original_url` the link to the press's own
copy. `published` and `modified` read exact times where a page keeps them apart from the
printed stamp (`span@data-date-time`); they win over what `times` finds.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree
from cssselect import HTMLTranslator

from ..meta import body_bylines, byline_authors, parse_time, shown_time, split_byline, stamps
from ..model import Article, Drop
from ..rules import line_rule, turn_labels

log = logging.getLogger(__name__)

_BLOCK = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul caption center".split())
_HIDDEN = frozenset("script style noscript template iframe svg".split())
_SKIP = _HIDDEN | frozenset("textarea select option button input".split())
_BREAK = "\x00"  # a line break made by markup, unlike a newline in the source (decoding drops NULs)
_SPACE = re.compile(r"[\s\u00a0\u200b\u3000]+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ID_FIRST = re.compile(r"^#([\w-]+)(?:\s*(>)?\s*(.+))?$")
_CSS = HTMLTranslator()
_ONE_STEP = re.compile(r"^descendant-or-self::([\w*-]+)((?:\[[^/\[\]]*\])*)$")  # one element, no path
_PREDICATE = re.compile(r"\[([^\[\]]*)\]")
_PARSER = etree.HTMLParser()  # plain lxml elements: no per-element Python class lookup as in lxml.html
# a caption that only credits the photo: 사진=KT. / 사진 제공=KBS / 자료: 통계청 / /KT
# Lines a partner's story carries on a portal that are no part of it: a broadcaster's camera and
# editing credits (`영상기자 : 홍길동`, `영상편집 : 홍길동`) and its calls for tips with their contacts
# (`※ '당신의 제보가 뉴스가 됩니다'`, `[카카오톡] ...`, `[전화] 02-...`). Shared by the portals' profiles.
PARTNER_LINES = (
    ("partner-credit", r"^[\[(]?\s*(?:영상|촬영|카메라|편집|그래픽|사진|오디오|음향|자막|구성|연출)\s?(?:기자|취재|편집|디자인|촬영)?"
                       r"\s*[:：]\s*[가-힣]{2,4}(?:[\s,·/]+[가-힣]{2,4}){0,5}\s*[\])]?$"),
    ("press-tip", r"^\W{0,2}.{0,30}(?:제보를 기다립니다|제보하기|카카오톡 제보|제보가 뉴스가 됩니다)"
                  r"|^\[(?:카카오톡|전화|메일|이메일|문자|팩스|홈페이지)\]\s*\S.{0,40}$"),
)
_CREDIT_ONLY = re.compile(r"^(?:(?:사진|자료|그래픽|영상)\s?제공|사진|자료|그래픽|제공|출처|photo|image|credit)\s*[=:/]\s*[^\s]{1,25}\.?$|^기사\s?사진$",
                          re.IGNORECASE)


def text_lines(el, skip=_SKIP) -> list[str]:
    """The visible lines of an element: a break at every block element and <br>,
    whitespace collapsed, scripts and form controls (`skip`) left out, empty lines dropped."""
    acc: list[str] = []
    skipping = None
    for event, node in etree.iterwalk(el, events=("start", "end", "comment", "pi")):
        tag = node.tag if isinstance(node.tag, str) else None
        if event in ("comment", "pi"):  # hidden itself, but the text after it (its tail) is the page's
            if skipping is None and node.tail:
                acc.append(node.tail)
            continue
        if event == "start":
            if skipping is not None:
                continue
            if tag is None or tag in skip:
                skipping = node
                continue
            if tag in _BLOCK or tag == "br":
                acc.append(_BREAK)
            if node.text:
                acc.append(node.text)
        else:
            if skipping is not None and skipping is not node:
                continue
            if skipping is node:
                skipping = None
            elif tag in _BLOCK:
                acc.append(_BREAK)
            if node is not el and node.tail:
                acc.append(node.tail)
    text = "".join(acc).replace("\n", " ").replace(_BREAK, "\n").replace("\u200b", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))  # str.split() knows every Unicode space
    return [line for line in lines if line]


def text_of(el) -> str:
    return " ".join(text_lines(el))


def compile_css(css: str) -> etree.XPath:
    """XPath for a CSS selector group. A selector that starts at an id (`#articleBody p`)
    starts from XPath's id(), the parser's id index, instead of a scan of every element:
    ids name one element per page, wherever the search starts. Selectors of one element
    each on one tag (`div.u_likeit, div.u_share`) share one scan instead of a scan apiece."""
    parts: list[str] = []
    single: dict[str, list[str]] = {}  # tag -> the tests of each one-element selector on it
    for part in css.split(","):
        m = _ID_FIRST.match(part.strip())
        if not m:
            path = _CSS.css_to_xpath(part.strip())
            step = _ONE_STEP.match(path)
            if step:
                tests = _PREDICATE.findall(step.group(2) or "")
                single.setdefault(step.group(1), []).append(f"({' and '.join(tests)})" if tests else "")
            else:
                parts.append(path)
            continue
        ident, child, rest = m.groups()
        path = f"id('{ident}')"
        if rest:
            path += "/" + _CSS.css_to_xpath(rest, prefix="" if child else "descendant::")
        parts.append(path)
    for tag, tests in single.items():
        parts.append(f"descendant-or-self::{tag}" + (f"[{' or '.join(tests)}]" if all(tests) else ""))
    return etree.XPath(" | ".join(parts))


class Sel:
    """A compiled CSS selector, optionally reading an attribute (`css@attr`)."""

    def __init__(self, spec: str):
        css, _, attr = spec.partition("@")
        self.spec = spec
        self.attr = attr or None
        self._xpath = compile_css(css)
        self._in_head = css.startswith(("meta", "link"))  # head-only tags: search the head

    def nodes(self, root) -> list:
        if self._in_head and root.tag == "html":
            head = root.find("head")
            root = head if head is not None else root
        return self._xpath(root)

    def texts(self, root) -> list[str]:
        if self.attr:
            return [_SPACE.sub(" ", n.get(self.attr, "")).strip() for n in self.nodes(root) if n.get(self.attr)]
        return [t for t in (text_of(n) for n in self.nodes(root)) if t]

    def first(self, root) -> str | None:
        found = self.texts(root)
        return found[0] if found else None


def _sel(spec):
    return Sel(spec) if spec else None


@dataclass
class Layout:
    """One version of a site's markup and the dates it was in use (inclusive, either open).

    For a listing layout, `entries` selects each entry and every other selector except
    `section` is read inside the entry; `link` gives the entry's URL."""

    version: str
    title: str
    body: str
    since: date | None = None
    until: date | None = None
    deck: str | None = None
    byline: str | None = None
    times: str | None = None
    section: str | None = None
    figures: str | None = None
    captions: str | None = None
    summary: str | None = None
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    original_url: str | None = None
    drop: tuple[tuple[str, str], ...] = ()
    entries: str | None = None
    link: str | None = None
    mark: str | None = None  # what only this version's pages have, where another's title and body fit too

    def __post_init__(self):
        self.s = {name: _sel(getattr(self, name)) for name in
                  ("title", "body", "deck", "byline", "times", "section", "figures", "captions", "summary",
                   "published", "modified", "publisher", "original_url", "entries", "link", "mark")}
        self.s_drop = [(rule, Sel(spec)) for rule, spec in self.drop]
        # every cut in one query, for cleaning without a trace: each XPath call costs more
        # than the scan of a body it makes
        self.s_drop_all = Sel(", ".join(spec for _, spec in self.drop)) if self.drop else None

    def covers(self, when: date) -> bool:
        return (self.since is None or when >= self.since) and (self.until is None or when <= self.until)

    def serves(self, doc) -> bool:
        """The page has this layout's marks: its entries, or its title and body."""
        if self.entries:
            return bool(self.s["entries"].nodes(doc))
        if self.mark and not self.s["mark"].nodes(doc):
            return False
        return bool(self.s["body"].nodes(doc)) and bool(self.s["title"].nodes(doc))


@dataclass
class Profile:
    """A site (or a family of sites on one CMS) and its layouts, newest first."""

    name: str
    layouts: list[Layout]
    hosts: tuple[str, ...] = ()          # the host or any subdomain of it
    url_pattern: str | None = None       # searched in the URL, for CMS families on many hosts
    marks: str | None = None             # searched in the markup, for pages saved without a URL
    site: str | None = None              # Article.site; by default the page's host without www.
    lines: tuple[tuple[str, str], ...] = ()  # site-specific single-line clutter in the body
    published_meta: str = 'meta[property="article:published_time"]@content'
    rule_prefix: str | None = None       # how --explain names the cuts; by default the profile's name

    def __post_init__(self):
        self._url_re = re.compile(self.url_pattern) if self.url_pattern else None
        self._marks_re = re.compile(self.marks) if self.marks else None
        self._lines = [(rule, re.compile(rx)) for rule, rx in self.lines]
        self._published_meta = Sel(self.published_meta)
        self._canonical = (Sel('link[rel="canonical"]@href'), Sel('meta[property="og:url"]@content'))

    # -- which pages ---------------------------------------------------------------------
    def matches_url(self, url: str | None) -> bool:
        if not url:
            return False
        host = (urlsplit(url).hostname or "").lower()
        if any(host == h or host.endswith("." + h) for h in self.hosts):
            return True
        return bool(self._url_re and self._url_re.search(url))

    def matches(self, url: str | None, html: str) -> bool:
        """Claimed by URL (host or pattern), else by the site's marks in the markup, unless
        the URL belongs to another profile (a portal page quoting this site's name)."""
        if self.matches_url(url):
            return True
        if not (self._marks_re and html and self._marks_re.search(html)):
            return False
        from . import profiles
        return not (url and any(other.matches_url(url) for other in profiles() if other is not self))

    # -- which layout --------------------------------------------------------------------
    def layout_for(self, when: date | datetime | None) -> list[Layout]:
        """Layouts in the order to try them: those in use on `when` first, then the
        rest; newest first within each group (newest first overall without a date)."""
        if when is None:
            return list(self.layouts)
        day = when.date() if isinstance(when, datetime) else when
        return [lay for lay in self.layouts if lay.covers(day)] + \
               [lay for lay in self.layouts if not lay.covers(day)]

    def page_date(self, doc) -> datetime | None:
        """The page's own published stamp: its meta tag, else any layout's stamp selectors."""
        meta = self._meta_published(doc)
        if meta:
            return meta
        for layout in self.layouts:
            if layout.entries:
                continue
            exact = _exact_time(layout.s["published"], doc)
            if exact:
                return exact
            if layout.s["times"] is None:
                continue
            for text in layout.s["times"].texts(doc):
                for kind, when in stamps(text):
                    if kind == "published":
                        return when
        return None

    def _meta_published(self, doc) -> datetime | None:
        meta = self._published_meta.first(doc)
        return parse_time(meta) if meta else None

    def choose(self, doc, fetched: datetime | None = None) -> Layout | None:
        """The layout to read the page with: of those whose marks the page has, the one in
        use on the page's own date (else on `fetched`, else the newest)."""
        found = [layout for layout in self.layouts if layout.serves(doc)]
        if len(found) > 1:
            found = [layout for layout in self.layout_for(self.page_date(doc) or fetched) if layout in found]
        return found[0] if found else None

    # -- cleaning ------------------------------------------------------------------------
    def clean(self, html: str, url: str | None = None, trace: list[Drop] | None = None,
              fetched: datetime | None = None) -> list[Article] | None:
        """The page's articles, or None when no layout serves it (the generic path takes it)."""
        try:
            return self._clean(html, url, trace, fetched)
        except Exception:  # a profile's slip must not cost the page: the generic path takes it
            log.warning("profile %s failed on %s", self.name, url or "a page", exc_info=True)
            return None

    def _clean(self, html: str, url: str | None, trace: list[Drop] | None,
               fetched: datetime | None) -> list[Article] | None:
        try:
            doc = etree.fromstring(_XML_DECL.sub("", html, count=1), _PARSER)
        except (etree.ParserError, ValueError):
            return None
        if doc is None:
            return None
        layout = self.choose(doc, fetched)
        if layout is None:
            return None
        # a page saved without its URL often still names it
        url = url or next(filter(None, (sel.first(doc) for sel in self._canonical)), None)
        site = self.site or _host(url)
        lang = _lang(doc)
        cleaner = f"{self.name}/{layout.version}"
        if layout.entries:
            section = _section(layout.s["section"], doc)
            articles = []
            for entry in layout.s["entries"].nodes(doc):
                href = layout.s["link"].first(entry) if layout.s["link"] else None
                article = self._article(entry, layout, trace, section=section)
                if article is None:
                    continue
                article.url = urljoin(url or "", href) if href else url
                articles.append(article)
        else:
            article = self._article(doc, layout, trace, section=_section(layout.s["section"], doc))
            if article is None:
                return None
            article.published = shown_time(self._meta_published(doc), article.published)
            article.url = url
            articles = [article] if article.body else []
        if not articles:
            return None
        for article in articles:
            article.site, article.lang, article.cleaner = site, lang, cleaner
        return articles

    def _cut(self, root, layout: Layout, trace) -> None:
        """Remove the layout's clutter blocks under `root`, each removal traced under its rule name."""
        if trace is None:
            for node in (layout.s_drop_all.nodes(root) if layout.s_drop_all else []):
                _remove(node)
            return
        for rule, sel in layout.s_drop:
            nodes = sel.nodes(root)
            for node in nodes:
                if len(nodes) > 1 and any(a in nodes for a in node.iterancestors()):
                    continue  # inside another block this rule cuts: goes with it
                trace.extend(Drop(f"{self.rule_prefix or self.name}:{rule}", line) for line in text_lines(node, _HIDDEN))
                _remove(node)

    def _article(self, root, layout: Layout, trace, section: str | None) -> Article | None:
        s = layout.s
        title = s["title"].first(root)
        body_nodes = s["body"].nodes(root)
        if not title or not body_nodes:
            return None
        body = body_nodes[0]
        deck: list[str] = []
        if s["deck"]:
            for node in s["deck"].nodes(root):
                deck.extend(text_lines(node))
                _remove(node)
        authors: list[str] = []
        for text in (s["byline"].texts(root) if s["byline"] else []):  # a byline box: a bare name is one
            authors.extend(a for a in byline_authors(text, bare=True) if a not in authors)
        published = modified = None
        for text in (s["times"].texts(root) if s["times"] else []):
            found = stamps(text) or ([("published", parse_time(text))] if parse_time(text) else [])
            for kind, when in found:
                if kind == "published" and published is None:
                    published = when
                elif kind == "modified" and modified is None:
                    modified = when
        # an exact time the page keeps for machines has the seconds; the printed one wins where they differ
        published = shown_time(_exact_time(s["published"], root), published)
        modified = shown_time(_exact_time(s["modified"], root), modified)
        publisher = s["publisher"].first(root) if s["publisher"] else None
        original = s["original_url"].first(root) if s["original_url"] else None
        if original and not original.startswith(("http://", "https://")):
            original = None  # a script link or a fragment is no copy of the article
        summary = _lines(s["summary"], root)
        # metadata is read: cut clutter from the body, or from the whole page when the
        # caller wants every removal explained (the article comes out the same either way)
        self._cut(root if trace is not None else body, layout, trace)
        captions: list[str] = []
        for text in (s["captions"].texts(body) if s["captions"] else []):
            if _CREDIT_ONLY.match(text):
                if trace is not None:
                    trace.append(Drop(f"{self.rule_prefix or self.name}:credit-caption", text))
            elif text not in captions:
                captions.append(text)
        for node in (s["figures"].nodes(body) if s["figures"] else []):
            _remove(node)
        paragraphs, dropped = [], []
        lines = [part for line in text_lines(body) for part in split_byline(line)]
        turns = turn_labels(lines)
        for line in lines:
            rule = self._rule(line, turns)
            if rule is None:
                paragraphs.append(line)
                continue
            dropped.append(line)
            if trace is not None:
                trace.append(Drop(rule, line))
        # the story's own bylines: a lead credit, one glued to the last sentence, an op-ed's signature
        found, paragraphs, cut = body_bylines(paragraphs, title, deck)
        if trace is not None:
            trace.extend(Drop(f"{self.name}:byline", line) for line in cut)
        if not authors:  # no byline where the layout expects one: the story's own, else a dropped signature
            authors = found or next(filter(None, map(byline_authors, dropped)), [])
        return Article(title=title, subtitle=deck, authors=authors, published=published, modified=modified,
                       publisher=publisher, original_url=original, section=section,
                       body="\n\n".join(paragraphs), captions=captions, summary=summary)

    def _rule(self, line: str, turns: frozenset[str] = frozenset()) -> str | None:
        """The rule that drops a body line: the site's own, else the shared single-line rules
        (a safety net for clutter the layout's cuts missed); None keeps the line."""
        rule = next((name for name, rx in self._lines if rx.search(line)), None)
        if rule is None:
            shared = line_rule(line, turns)
            rule = shared and f"rules:{shared}"
        return rule


def _remove(node) -> None:
    """Take an element out, leaving a line break in its place and its tail text in the parent."""
    parent = node.getparent()
    if parent is None:
        return
    br = node.makeelement("br", {})
    br.tail = node.tail
    parent.replace(node, br)


def _lines(sel: Sel | None, root) -> list[str]:
    """Each line of what a selector finds (a summary split at <br>), or its attribute values."""
    if sel is None:
        return []
    if sel.attr:
        return sel.texts(root)
    return [line for node in sel.nodes(root) for line in text_lines(node)]


def _exact_time(sel: Sel | None, root) -> datetime | None:
    """The first time a selector finds that parses (an attribute such as `data-date-time`)."""
    for text in (sel.texts(root) if sel else []):
        when = parse_time(text)
        if when:
            return when
    return None


def _section(sel: Sel | None, doc) -> str | None:
    text = sel.first(doc) if sel else None
    return re.sub(r"\s*[>›»]\s*", ">", text) if text else None


def _host(url: str | None) -> str | None:
    host = (urlsplit(url).hostname or "").lower() if url else ""
    return host.removeprefix("www.") or None


def _lang(doc) -> str:
    lang = (doc.get("lang") or "").split("-")[0].lower()
    return lang or "ko"


@dataclass(frozen=True)
class Sources:
    """Where a site lists its articles and which URLs are articles: what its spider crawls.
    Relative entries join the site's origin; a listing may hold `{date}` (see the spider base)."""

    sitemaps: tuple[str, ...] = ()          # sitemaps, sitemap indexes, news sitemaps, robots.txt
    feeds: tuple[str, ...] = ()             # RSS or Atom
    listings: tuple[str, ...] = ()          # section listing pages; their pagination is followed
    article_patterns: tuple[str, ...] = ()  # regexes on the URL; a link matching one is an article
    strip_params: tuple[str, ...] = ()      # query parameters of article links that do not name the article
    page_param: str = "page"                # the query parameter listings paginate with
    date_format: str = "%Y%m%d"             # how a `{date}` in a listing is written


@dataclass(frozen=True)
class Site:
    """One site's home: its name (what every command takes), its hosts, its sources and the
    profile that cleans its pages. Spiders are declared from it (scrapers/spiders)."""

    name: str
    origin: str                          # scheme and host; relative sources join it
    sources: Sources = field(default_factory=Sources)
    profile: Profile | None = None
    domains: tuple[str, ...] = ()        # further hosts the site's pages live on
    outlet: str | None = None            # the name its pages print (이투데이), for credits

    @property
    def hosts(self) -> tuple[str, ...]:
        """Every host of the site, the origin's first; the profile's hosts and Article.site too."""
        out = [urlsplit(self.origin).hostname or "", *self.domains]
        if self.profile:
            out += [*self.profile.hosts, *([self.profile.site] if self.profile.site else [])]
        return tuple(dict.fromkeys(h.lower() for h in out if h))

    @property
    def domain(self) -> str:
        """The domain its articles name the site by (Article.site of its profile)."""
        host = (self.profile.site if self.profile and self.profile.site else None) or self.hosts[0]
        return host[4:] if host.startswith("www.") else host

    def owns(self, host: str) -> bool:
        """A host of the site or a subdomain of one (m.site.com), with or without www."""
        host = (host or "").lower().rstrip(".")
        bare = host[4:] if host.startswith("www.") else host
        return any(h == host or h == bare or host.endswith("." + h) or
                   (h.startswith("www.") and h[4:] == bare) for h in self.hosts)
