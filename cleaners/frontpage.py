"""Whether a page is a site's front page (a board of headlines) rather than an article.

Giving no article for a page that has one is the worst thing a cleaner can do, and an
article page with heavy navigation (portal layouts with hundreds of links) has as many
links as a front page. So the verdict needs all of:

- nothing declares an article: no article type in the markup, no publication date;
- the URL (given, else the page's canonical URL) is a site root or index, when one is known;
- many headline links on the page (link texts of headline length);
- at least half the extracted text is headlines: link texts (or text inside a link, as in
  cards that one link wraps), a headline with its teaser on one line, or a teaser sitting
  right under a headline link of its own;
- no dominant prose block: no run of paragraphs, unbroken by headline links, of article length.

Where the evidence is mixed, the article wins.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .model import Article

_INDEX_PATH = re.compile(r"^/?(?:(?:index|default|main|home)\.\w{2,5})?$", re.I)
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\uff00-\uffef]")
_LIST_OR_CELL = re.compile(r"^(?:- |\|\s*)|\s*\|$")  # how trafilatura marks list items and table cells
_SKIP = {"script", "style", "noscript", "template", "head", "select", "option", "button", "svg"}
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption",
    "form", "address", "hr", "br", "caption", "tbody", "thead", "center", "body",
}

HEADLINE = (15, 600)  # weighted characters of a link text that reads as a headline (or a card of one) ...
HEADLINE_WORDS = 3  # ... in at least this many words (or CJK characters, below)
HEADLINE_WIDE = 6
MIN_HEADLINES = 8  # fewer headline links than this and the page is no front page
MIN_UNITS = 3  # headline paragraphs the extracted text needs (a lone linked headline proves nothing)
PROSE_RUN = 400  # weighted characters of unbroken prose that make a page an article
TEASER = 300  # at most this long, a paragraph right under a headline link is that headline's teaser
HEADLINE_SHARE = 0.5  # share of the extracted text made of headlines and their teasers


def weight(text: str) -> int:
    """Length in Latin-character equivalents: a CJK character carries about as much as a
    short word, so a Chinese paragraph of 200 characters counts as a long one."""
    return len(text) + 2 * len(_WIDE.findall(text))


def _headline_like(text: str) -> bool:
    """Link text of a headline's length and shape, not a menu entry's."""
    if not HEADLINE[0] <= weight(text) <= HEADLINE[1]:
        return False
    return len(text.split()) >= HEADLINE_WORDS or len(_WIDE.findall(text)) >= HEADLINE_WIDE


def _norm(text: str) -> str:
    return " ".join(text.split())


def is_front_page(url: str | None, kind: str | None, article: Article, tree) -> bool:
    """True only on strong evidence that the page is a board of headlines (see the module)."""
    if kind == "article" or article.published is not None:
        return False
    where = url or _canonical(tree)
    if where:
        parts = urlsplit(where)
        if not _INDEX_PATH.match(parts.path or "/") or parts.query:
            return False
    links: set[str] = set()
    tokens = _tokens(tree, links)
    headlines = {text for is_link, text in tokens if is_link}
    if len(headlines) < MIN_HEADLINES:
        return False
    paragraphs = [_norm(_LIST_OR_CELL.sub("", p)) for p in article.paragraphs]
    units, heads, runs = _read(paragraphs, tokens, headlines, links)
    if units < MIN_UNITS or max(runs, default=0) >= PROSE_RUN:
        return False
    return heads >= HEADLINE_SHARE * sum(map(weight, paragraphs))


def _canonical(tree) -> str | None:
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = tree.xpath(xpath)
        if found and found[0].strip().lower().startswith(("http://", "https://", "/")):
            return found[0].strip()
    return None


def _tokens(tree, links: set[str]) -> list[tuple[bool, str]]:
    """The page in reading order as (is headline link, text) pieces: headline links, and the
    text of each block between them (short links stay part of the text around them).
    Every link's text goes into `links`."""
    tokens: list[tuple[bool, str]] = []
    buffer: list[str] = []

    def flush() -> None:
        text = _norm("".join(buffer))
        buffer.clear()
        if text:
            tokens.append((False, text))

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP or not tag:
            return
        if tag == "a" and node.get("href"):
            text = _norm(node.text_content())
            links.add(text)
            if _headline_like(text):
                flush()
                tokens.append((True, text))
                return
        block = tag in _BLOCK
        if block:
            flush()
        buffer.append(node.text or "")
        for child in node:
            walk(child)
            buffer.append(child.tail or "")
        if block:
            flush()

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    flush()
    return tokens


def _read(paragraphs: list[str], tokens: list[tuple[bool, str]], headlines: set[str],
          links: set[str]) -> tuple[int, int, list[int]]:
    """How many of the extracted paragraphs are headlines and how much text they hold, and
    the weights of the prose runs.

    A paragraph counts as headline when it is (or is inside) a link's text, opens with a
    headline link's (headline and teaser on one line), or sits right under one in the page
    (a teaser).
    Other paragraphs are prose; a run of prose ends at a headline paragraph, or where a
    headline link stands between two prose paragraphs in the page."""
    blob = "\n".join(t for t in links if weight(t) <= HEADLINE[1])  # cards: a link around headline and teaser
    openers: dict[str, list[str]] = {}
    for h in headlines:
        openers.setdefault(h[:12], []).append(h)
    units, heads, runs, run, at = 0, 0, [], 0, -1  # `at`: token index of the last paragraph found in the page
    for paragraph in paragraphs:
        found = _find(tokens, paragraph[:30], at)
        under = found is not None and weight(paragraph) <= TEASER and _under_headline(tokens, found)
        between = found is not None and at >= 0 and any(link for link, _ in tokens[at + 1:found])
        if found is not None:
            at = found
        linked = paragraph in links or (len(paragraph) >= 12 and paragraph in blob)  # a link's text, or in one
        if linked or under or any(paragraph.startswith(h) for h in openers.get(paragraph[:12], ())):
            units += 1
            heads += weight(paragraph)
            runs.append(run)
            run = 0
            continue
        if between:
            runs.append(run)
            run = 0
        run += weight(paragraph)
    runs.append(run)
    return units, heads, runs


def _find(tokens: list[tuple[bool, str]], key: str, after: int) -> int | None:
    """Index of the first text piece at or after `after` that holds `key`."""
    for i in range(max(after, 0), len(tokens)):
        if not tokens[i][0] and key in tokens[i][1]:
            return i
    return None


def _under_headline(tokens: list[tuple[bool, str]], i: int) -> bool:
    """Whether the text piece at `i` follows a headline link, past at most one short piece
    (a date, a section label)."""
    for j in (i - 1, i - 2):
        if j < 0:
            return False
        link, text = tokens[j]
        if link:
            return True
        if weight(text) >= 40:
            return False
    return False
