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
LAYOUT_PROSE = 200  # characters of one block inside a table cell that make the table a page's layout
SAME_TEXT = 0.9  # least share of the first reading's text a layout-table re-read keeps, to be the same text
_CELLS = XPath("./tr/td|./tr/th|./*[self::tbody or self::thead or self::tfoot]/tr/*[self::td or self::th]")
_CELL_BLOCKS = XPath(".//*[self::p or self::div or self::blockquote or self::table]")


def _layout_tables(tree) -> list:
    """Tables that lay out a page rather than hold data: a cell holds a block of prose (an old
    archive page's article in one cell). trafilatura would write such a table as one `| ... |` row."""
    return [table for table in tree.iter("table")
            if any(len(block.text_content()) >= LAYOUT_PROSE for cell in _CELLS(table) for block in _CELL_BLOCKS(cell))]


def layout_reread(tree, url: str | None, linked: LinkText | None, text: str) -> str:
    """`text` (the page's main text), read again with the page's layout tables as blocks where
    trafilatura wrote one as a `| ... |` row holding prose; tables it read well stay as read.
    The re-read only splits what was read into its blocks (and may leave the table's short cells):
    one holding more text than the first reading has pulled in the layout's other columns
    (navigation, link lists), one holding less than SAME_TEXT of it has lost part of the story."""
    if not any(line.startswith("|") and len(line) >= LAYOUT_PROSE for line in text.split("\n")):
        return text
    unwrapped = unwrap_layout_tables(tree)
    if unwrapped is tree:
        return text
    reread = main_text(unwrapped, url, linked)
    return reread if SAME_TEXT * len(text) <= len(reread) <= len(text) else text


def unwrap_layout_tables(tree):
    """The tree with its layout tables read as blocks (rows and cells become divs); the tree itself
    when it has none, else a copy, so the page's other readings see the markup as served."""
    if not _layout_tables(tree):
        return tree
    from copy import deepcopy

    tree = deepcopy(tree)
    for table in _layout_tables(tree):
        for cell in _CELLS(table):
            row = cell.getparent()
            cell.tag = "div"
            row.tag = "div"
        for part in table.xpath("./tbody|./thead|./tfoot"):
            part.tag = "div"
        table.tag = "div"
    return tree


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
