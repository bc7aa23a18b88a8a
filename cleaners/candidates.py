"""The main text of a page for the generic path: trafilatura's readings, chosen by measured evidence.

Three readings of trafilatura serve, each where the dev sets measured it best:
- pages with much paragraph text (at least LONG_PAGE characters in <p>, modern guides,
  reviews, long posts) are read first in fast recall mode (`fast=True, favor_recall=True`):
  it keeps the lists, steps and tables such pages are made of, which the balanced modes
  drop, and skips the readability/justext comparison (most of trafilatura's time). The
  reading is taken when it covers the page: at least SHORT characters and COVERS of the
  page's paragraph text, and not a tenth link lines. A reading below that picked one block
  of the page (a FAQ inside <article>, one section of a page-builder page, a teaser box):
  the page goes to the default reading, whose comparison finds the whole story;
- every other page gets trafilatura's default reading (with its comparison), which on short
  news pages is the most precise;
- where lines that are a link's whole text make up more than LINKED of the default reading
  (headline lists, portal link blocks), the fast precision mode reads again and wins unless
  it collapsed to less than COLLAPSED of the page's paragraph text. A reading that is mostly
  link text is a page of links, which a second reading does not turn into a story.

bench/README.md ("Choosing trafilatura's reading") has the figures of each candidate and
each policy on the dev sets.
"""
from __future__ import annotations

from lxml.etree import XPath

from .context_rules import LinkText

LONG_PAGE = 3000  # characters of <p> text from which a page is read in fast recall mode first
SHORT = 2500  # a fast reading shorter than this ...
COVERS = 0.4  # ... or than this share of the page's paragraph text missed part of the story
LINKED = 0.1  # share of link text above which a reading is doubted ...
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


def _read(tree, url: str | None, **mode) -> str:
    import trafilatura

    return (trafilatura.extract(tree, url=url, include_comments=False, include_tables=True, **mode) or "").strip()


def main_text(tree, url: str | None, linked: LinkText | None = None) -> str:
    """The page's main text, one paragraph a line ("" when trafilatura finds none), with the
    headings the reading dropped put back over their sections."""
    text = _chosen(tree, url, linked or LinkText(tree))
    return with_headings(tree, text) if text else text


HEADING = 150  # longest heading put back
_HEADINGS = XPath("//h2|//h3|//h4")
_OPENING = 40  # characters of a section's first text that find it in the reading


def _opening(node) -> str:
    """The first characters of the text after a heading: its next sibling with text, else
    the next sibling of its parent (a heading wrapped in its own box)."""
    for level in (node, node.getparent()):
        if level is None:
            break
        for sibling in level.itersiblings():
            if not isinstance(sibling.tag, str):
                continue
            text = " ".join(sibling.text_content().split())
            if text:
                return text[:_OPENING]
    return ""


def with_headings(tree, text: str) -> str:
    """The reading with the page's headings (h2-h4) that it lacks put back right before the
    paragraph that opens their section, when that paragraph is in the reading. trafilatura
    drops headings that are links (anchor links to the section, linked titles of a list's
    items) and some headings of page-builder blocks; a heading over a section the reading
    kept belongs to the story. Nothing goes over the reading's first line: what stands there
    is the headline's deck, which the metadata reads."""
    lines = text.split("\n")
    have = "".join(text.split())  # a heading the reading holds in any spacing or line breaks is there
    starts: dict[str, int] = {}
    for i, line in enumerate(lines):
        starts.setdefault(" ".join(line.lstrip("-•* ").split())[:_OPENING], i)
    before: dict[int, str] = {}
    for heading in _HEADINGS(tree):
        title = " ".join(heading.text_content().split())
        if not title or len(title) > HEADING or "".join(title.split()) in have:
            continue
        opening = _opening(heading)
        at = starts.get(opening) if len(opening) >= 20 else None
        if at and at not in before and " ".join(lines[at - 1].split()) != title:  # over the first line: a deck
            before[at] = title
    if not before:
        return text
    return "\n".join(f"{before[i]}\n{line}" if i in before else line for i, line in enumerate(lines))


def _chosen(tree, url: str | None, linked: LinkText) -> str:
    """The reading the evidence chooses (see the module's docstring)."""
    forecast = paragraph_chars(tree)
    if forecast >= LONG_PAGE:
        text = _read(tree, url, fast=True, favor_recall=True)
        if len(text) >= max(SHORT, COVERS * forecast) and linked.share(text) <= LINKED:
            return text
    text = _read(tree, url)
    if text and LINKED < linked.share(text) <= MOSTLY_LINKS:
        precise = _read(tree, url, fast=True, favor_precision=True)
        if precise and len(precise) >= COLLAPSED * forecast:
            return precise
    return text
