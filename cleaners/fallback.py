"""The visible text of a page, one block per line, for when no main-text extractor finds an article.

Used to hand a page to the text-dump path: scripts, styles, templates and hidden
elements are skipped; every block element (and <br>) ends a line, as a browser's
"save as text" would.
"""
from __future__ import annotations

from lxml.html import HtmlElement

_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "select", "option", "button"}
_BLOCK = {
    "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "li", "ul", "ol", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption",
    "form", "address", "hr", "br", "caption", "tbody", "thead", "center",
}


def visible_text(tree: HtmlElement) -> str:
    """The text a reader sees, one block per line, blank lines and runs of spaces collapsed."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP or "display:none" in (node.get("style") or "").replace(" ", "") or node.get("hidden") is not None:
            return
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        if tag:
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")
        if block:
            parts.append("\n")

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
