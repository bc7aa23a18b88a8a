"""HTML path: a site profile when one claims the page, else the generic cleaner.

The generic cleaner takes trafilatura's main text, runs the shared single-line clutter
rules over its paragraphs (every removal named, for --explain), reads stamps and bylines
out of the lines it drops, and fills the rest of the metadata from the markup
(`cleaners.htmlmeta`). Pages that are not articles (error pages, front pages made of
headline links) give []; when trafilatura keeps only stray menu lines, the page's
visible text goes through the text-dump path instead of giving up.
"""
from __future__ import annotations

import re
from datetime import datetime

from lxml.etree import XPath

from .htmlmeta import PageMeta, host_of, is_korean, page_meta, to_time
from .fallback import visible_text
from .frontpage import is_front_page
from .meta import KST, body_bylines, byline_authors, merge_authors, page_zone, split_byline, stamps
from .model import Article, Drop
from .candidates import layout_reread, main_text
from .context_rules import SUBJECT_RULES, LinkText, paragraph_drops
from .rules import line_rule, turn_labels, word_verdict

CLEANER = "generic/1"
MIN_BODY = 80  # characters; less than this from trafilatura means it found no article

# what error pages put in their title or headline; a news headline may say "not found" too,
# so the plain phrase only counts when it opens the title
_ERROR_TITLE = re.compile(
    r"\b(?:404|410)\b|^\W*(?:error|not found|access denied|forbidden|server error)\b|"
    r"page (?:not|cannot be|could not be) found|(?:couldn'?t|could not|can'?t|cannot) find (?:that|the|this) page|"
    r"no longer available|seite (?:wurde )?nicht gefunden|page introuvable|página no encontrada|pagina non trovata|"
    r"페이지를 찾을 수 없|존재하지 않는 (?:페이지|기사)|삭제된 기사|없는 페이지|잘못된 (?:접근|경로|요청)|"
    r"(?:에러|오류)\s?페이지", re.I)
_DIGIT = re.compile(r"\d")
_CREDIT_THEN_TEXT = re.compile(r"(?:기자|特派員)\s*=\s*[^\s@][^@]{9,}$|^[\[(【〔][^\]\)】〕]{1,30}[\])】〕]\s*(?!.*기자)[^\s@][^@]{9,}$")
_SINGLE_CELL = re.compile(r"^\|\s*([^|]{4,400}?)\s*\|$")
_CAPTION_LIKE = re.compile(r"^[▲△▶]|사진\s*[=:]|사진\s?제공|제공\s*=|\((?:사진|자료|그래픽)|^(?:photo|foto|bild|image)\s*[:©]|"
                           r"\((?:photo|foto)\s*:", re.I)
_KO_CAPTION = re.compile(r"^[▲△]\s?\S|[(\[]?(?:사진|자료|그래픽)\s?(?:=|제공\s?=?|:)\s?[^\s)\]]{1,20}[)\]]?\.?$")
_BYLINE_PARTS = re.compile(r"\s*[|·•/]\s*|(?<=기자)")
_PRE = XPath("//pre")


def clean_html(html: str, url: str | None = None, trace: list[Drop] | None = None,
               fetched: datetime | None = None) -> list[Article]:
    """Articles of an HTML page: its site profile's if one claims it, else the generic path's."""
    from .sites import find_profile

    profile = find_profile(url, html)
    if profile is not None:
        articles = profile.clean(html, url, trace=trace, fetched=fetched)
        if articles is not None:
            return articles
    return clean_generic(html, url, trace=trace, fetched=fetched)


def clean_generic(html: str, url: str | None = None, trace: list[Drop] | None = None,
                  fetched: datetime | None = None) -> list[Article]:
    """The article of a page no profile serves: [] for error and front pages, one Article
    otherwise. `fetched` is accepted for the profile signature; the page's own times win."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return _from_text_dump(html, url, trace, PageMeta())
    meta = page_meta(tree, url)
    linked = LinkText(tree)
    text = layout_reread(tree, url, linked, main_text(tree, url, linked))
    if _is_error_page(meta, text):
        _drop(trace, "error_page", meta.page_title or meta.h1 or text[:200])
        return []
    drops: list[Drop] = []  # kept apart until we know which extraction wins
    article = _article(text.split("\n"), url, drops, meta, linked) if len(text) >= MIN_BODY else None
    article, drops = _page_data_article(tree, url, meta, linked, article, drops)
    if not _has_prose(article):
        fallback = _from_text_dump(visible_text(tree), url, trace, meta)
        if fallback and len(fallback[0].body) > len(article.body if article else ""):
            return [] if _is_front_page(url, meta, fallback[0], tree) else fallback
    if trace is not None:
        trace.extend(drops)
    if article is None:
        return []
    if article.published is None or not article.authors:
        _header_stamps_and_byline(tree, article, url)
    if not article.authors:
        article.authors = _byline_box(tree)
    code = "".join("".join(pre.text_content().split()) for pre in _PRE(tree))
    if code:
        article.page_code = code  # the page's own code blocks: cleaners.guard keeps them
    return [] if _is_front_page(url, meta, article, tree) else [article]


def _page_data_article(tree, url: str | None, meta: PageMeta, linked, article: Article | None,
                       drops: list[Drop]) -> tuple[Article | None, list[Drop]]:
    """The article the page's scripts carry (`cleaners.pagedata`), where the markup gave none or clearly
    less; its paragraphs pass the same rules as the markup's, and the trace names each field it gave."""
    from dataclasses import replace

    from . import pagedata

    shown = article.body if _has_prose(article) else ""
    if not pagedata.worth_reading(tree, len(shown)):
        return article, drops
    korean = is_korean(url, meta.lang, meta.title or meta.h1 or "")
    found = pagedata.page_data(tree, [meta.title, meta.page_title, meta.h1], lambda value: _data_time(value, korean))
    if found is None or not pagedata.preferred(found.paragraphs, shown):
        return article, drops
    overlay = replace(meta, title=found.title or meta.title, subtitle=found.subtitle or meta.subtitle,
                      authors=found.authors or meta.authors, published=found.published or meta.published,
                      modified=found.modified or meta.modified, captions=found.captions or meta.captions)
    data_drops: list[Drop] = []
    from_data = _article(found.paragraphs, url, data_drops, overlay, linked)
    if from_data is None or not pagedata.preferred(from_data.paragraphs, shown):
        return article, drops
    from_data.cleaner = f"{CLEANER}+pagedata"
    given = {"title": from_data.title, "subtitle": " / ".join(from_data.subtitle), "authors": ", ".join(from_data.authors),
             "published": from_data.published and from_data.published.isoformat(),
             "modified": from_data.modified and from_data.modified.isoformat(),
             "body": f"{len(from_data.paragraphs)} paragraphs, {len(from_data.body)} characters",
             "captions": f"{len(from_data.captions)} captions"}
    notes = [Drop(f"pagedata:{name}", f"{given[name]} <- {where}") for name, where in found.origin.items() if given.get(name)]
    return from_data, notes + data_drops


def _data_time(value: str, korean: bool) -> datetime | None:
    """A time from page data, as the page's readers see it (Korean pages in KST), to the second."""
    when = to_time(value, korean)
    if when is None:
        return None
    return (when.astimezone(KST) if korean else when).replace(microsecond=0)


def _has_prose(article: Article | None) -> bool:
    """Whether an extraction holds running text rather than a few stray menu lines."""
    if article is None:
        return False
    paragraphs = article.paragraphs
    return sum(map(len, paragraphs)) >= 150 or any(len(p) >= 100 for p in paragraphs)


def _drop(trace: list[Drop] | None, rule: str, text: str) -> None:
    if trace is not None:
        trace.append(Drop(rule, text))


def _article(lines: list[str], url: str | None, trace: list[Drop] | None, meta: PageMeta,
             linked=None) -> Article | None:
    """Filter trafilatura's lines with the shared rules; lift stamps and bylines into metadata.
    A sentence named by a rule's word alone waits for the context rules, which see its place."""
    korean = is_korean(url, meta.lang, "\n".join(lines[:20]))
    published, modified, authors = meta.published, meta.modified, list(meta.authors)
    repeated = {t for t in [meta.title, *meta.subtitle] if t}
    captions = set(meta.captions)
    caption_list = list(meta.captions)
    body: list[str] = []
    turns = turn_labels(lines)  # a transcript's speaker labels stay
    rules: list[str | None] = []  # line_rule's verdict on each body line, for the context rules
    for raw in (part for raw in lines for part in split_byline(raw.strip())):
        line = raw.strip()
        if not line:
            continue
        if line in repeated:
            _drop(trace, "title" if line == meta.title else "subtitle", line)
            continue
        cell = _SINGLE_CELL.match(line)  # an image table's caption row: `| ▲Caption (사진=...) |`
        if cell and (cell.group(1) in captions or _CAPTION_LIKE.search(cell.group(1))):
            if cell.group(1) not in captions:
                captions.add(cell.group(1))
                caption_list.append(cell.group(1))
            _drop(trace, "caption", line)
            continue
        if line in captions:
            _drop(trace, "caption", line)
            continue
        if len(line) <= 250 and _KO_CAPTION.search(line):  # `▲...` and `... (사진=KT)` lines of Korean news
            captions.add(line)
            caption_list.append(line)
            _drop(trace, "caption", line)
            continue
        found = []
        if len(line) <= 120 and _DIGIT.search(line):
            found = stamps(line)
        if found:
            for kind, when in found:
                when = page_zone(when, korean)
                if kind == "published" and published is None:
                    published = when
                elif kind == "modified" and modified is None:
                    modified = when
            if len(line) <= 80:
                for part in _BYLINE_PARTS.split(line):  # `김현수 기자입력 2023...`, `By Jane Doe | Updated ...`
                    authors.extend(n for n in byline_authors(part) if n not in authors)
                _drop(trace, "stamp", line)
                continue
        names = byline_authors(line) if len(line) <= 60 or line[:1] in "[(【〔" else []
        if names:
            authors.extend(n for n in names if n not in authors)
            if len(line) <= 60 and not _CREDIT_THEN_TEXT.search(line):  # a wire credit opening prose stays
                _drop(trace, "byline", line)
                continue
        rule = line_rule(line, turns)
        if rule and not word_verdict(rule, line) and rule not in SUBJECT_RULES:  # those wait for the page's subject
            _drop(trace, rule, line)
            continue
        body.append(line)
        rules.append(rule)
    kept = []
    for line, rule in zip(body, paragraph_drops(body, linked, meta.title, rules)):
        if rule:
            _drop(trace, rule, line)
        else:
            kept.append(line)
    found, body, cut = body_bylines(kept, meta.title, meta.subtitle)  # a byline glued to the last sentence
    for line in cut:
        _drop(trace, "byline", line)
    authors.extend(n for n in found if n not in authors)
    if not body:
        return None
    return Article(url=url, site=meta.site or host_of(url), title=meta.title, subtitle=list(meta.subtitle),
                   authors=merge_authors(authors), published=published, modified=modified, section=meta.section,
                   body="\n\n".join(body), captions=caption_list, lang=meta.lang, cleaner=CLEANER)


def _header_stamps_and_byline(tree, article: Article, url: str | None) -> None:
    """Stamps and bylines written around the headline (outside the main text trafilatura keeps):
    short text runs from the <h1> up to the first body paragraph."""
    korean = is_korean(url, article.lang, article.body[:500])
    first = article.paragraphs[0][:30] if article.paragraphs else None
    h1 = tree.find(".//h1")
    started = h1 is None
    seen = 0
    for node in tree.iter():
        if node is h1:
            started = True
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template") or not started:
            continue
        text = " ".join((node.text or "").split())
        if not text:
            continue
        if first and first in text:
            break
        seen += 1
        if seen > 60:
            break
        if len(text) > 120:
            continue
        for kind, when in stamps(text):
            when = page_zone(when, korean)
            if kind == "published" and article.published is None:
                article.published = when
            elif kind == "modified" and article.modified is None:
                article.modified = when
        if not article.authors and len(text) <= 60:
            article.authors = byline_authors(text)


_BYLINE_BOXES = XPath("//body//*[contains(@class, 'byline') or contains(@id, 'byline') or contains(@class, 'reporter') "
                      "or contains(@class, 'journalist') or contains(@class, 'writer') or contains(@class, 'author')]")


def _byline_box(tree) -> list[str]:
    """Authors from a byline box outside the main text (`<div class="byline">홍길동 기자 e-mail</div>`
    below the story), where neither the page's declarations nor the text named any: the first
    box outside the page's furniture and comments whose short text reads as a byline."""
    from .htmlmeta import _in_comments, _is_chrome

    for el in _BYLINE_BOXES(tree)[:30]:
        text = " ".join(" ".join(el.itertext()).split())
        if not text or len(text) > 80 or _in_comments(el) or _is_chrome(el):
            continue
        names = byline_authors(text)
        if names:
            return merge_authors(names)
    return []


def _is_error_page(meta: PageMeta, text: str) -> bool:
    """An error page says so in its title or headline and has little else to say."""
    if len(text) > 800:  # a short news story may well have "not found" in its headline
        return False
    marks = [t for t in (meta.page_title, meta.h1) if t]
    if any(_ERROR_TITLE.search(t) for t in marks):
        return True
    return len(text) < 400 and bool(_ERROR_TITLE.search(text[:300]))


def _is_front_page(url: str | None, meta: PageMeta, article: Article, tree) -> bool:
    """A site's front page, on strong evidence only (`cleaners.frontpage`)."""
    return is_front_page(url, meta.kind, article, tree)


def _from_text_dump(text: str, url: str | None, trace: list[Drop] | None, meta: PageMeta) -> list[Article]:
    """When the markup gives no main text, clean the page's visible text like a saved dump."""
    from .textdump import clean_text

    articles = clean_text(text, url, trace=trace) if text.strip() else []
    for article in articles:
        korean = is_korean(url, meta.lang or article.lang, article.body[:500])
        for name in ("published", "modified"):  # the dump path assumes Korean time
            setattr(article, name, page_zone(getattr(article, name), korean))
        article.title = meta.title or article.title  # the markup names the headline better than a dump line
        article.site = article.site or meta.site or host_of(url)
        article.lang = article.lang or meta.lang
        article.published = article.published or meta.published
        article.modified = article.modified or meta.modified
        article.authors = article.authors or list(meta.authors)
        article.section = article.section or meta.section
        article.captions = article.captions or list(meta.captions)
        article.cleaner = f"{CLEANER}+{article.cleaner or 'text'}"
    return articles
