"""The main text of a page for the generic path: trafilatura's candidates, chosen by a measured confidence.

trafilatura's default reading is the candidate; the confidence in it is how little of it is
the page's own link text. Where lines that are a link's whole text make up more than
LINKED of it (lists of headlines, portal link blocks a layout put beside the story), its
fast precision mode (`favor_precision`, no readability/justext comparison: the second
reading costs little) reads the page again and wins, unless that precise reading has
collapsed to less than COLLAPSED of the page's paragraph text (<p>), which it does on
some layouts. A reading that is mostly link text is a page of links, which a second
reading does not turn into a story (the front-page test judges it). Pages with plenty of paragraph text take the fast precision mode:
trafilatura's own extractor finds them, and the comparison with readability/justext (most
of its time) only pays on short results. bench/README.md has the figures of each candidate
and rule that was tried; precision mode everywhere read more boilerplate-free text on old
portal layouts but lost paragraphs (recall) on blogs and recent pages.
"""
from __future__ import annotations

from lxml.etree import XPath

from .context_rules import LinkText

LONG_TEXT = 2500
LINKED = 0.1  # share of link text above which the default reading is doubted ...
MOSTLY_LINKS = 0.5  # ... and above which it is a page of links (front page, index): no story to find
COLLAPSED = 0.3  # share of the page's paragraph text below which a precise reading has collapsed

_P_TEXTS = XPath("//p/text()")


def paragraph_chars(tree) -> int:
    """How much text the page holds in <p> elements: a cheap forecast of a long article."""
    return sum(len(t) for t in _P_TEXTS(tree))


def main_text(tree, url: str | None, linked: LinkText | None = None) -> str:
    """The page's main text, one paragraph a line ("" when trafilatura finds none)."""
    import trafilatura

    options = dict(url=url, include_comments=False, include_tables=True)
    forecast = paragraph_chars(tree)
    if forecast >= 2 * LONG_TEXT:
        text = (trafilatura.extract(tree, fast=True, favor_precision=True, **options) or "").strip()
        if len(text) >= LONG_TEXT:
            return text
    text = (trafilatura.extract(tree, **options) or "").strip()
    if text and LINKED < (linked or LinkText(tree)).share(text) <= MOSTLY_LINKS:
        precise = (trafilatura.extract(tree, fast=True, favor_precision=True, **options) or "").strip()
        if precise and len(precise) >= COLLAPSED * forecast:
            return precise
    return text
