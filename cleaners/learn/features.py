"""What learning reads of one page: its parsed tree, its template signature, and how much
of the generic path's body each element holds.

An element is named by its own id or classes (`#main`, `div.article-body`); ids and
classes that carry long digit runs or hashes are made per page or per build and name
nothing that recurs, so they are left out."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from ..sites.base import _PARSER, _XML_DECL, text_of

_NAME = re.compile(r"^[A-Za-z_][\w-]*$")
_GENERATED = re.compile(r"\d{3,}|[0-9a-f]{8,}|^[a-z]{1,3}-?\d")
_HIDDEN = frozenset("script style noscript template iframe svg head title".split())
MIN_CHUNK = 12  # characters: a shorter text run is too common to say which body it belongs to


def parse(html: str):
    """The page as the profiles parse it (plain lxml elements), or None."""
    try:
        return etree.fromstring(_XML_DECL.sub("", html, count=1), _PARSER)
    except (etree.ParserError, ValueError):
        return None


def _ok(name: str) -> bool:
    return bool(_NAME.match(name)) and not _GENERATED.search(name)


def addr(el) -> str | None:
    """A CSS selector naming `el` by its own id, else its classes, else None."""
    tag = el.tag
    if not isinstance(tag, str):
        return None
    ident, cls = el.get("id"), el.get("class")
    if not ident and not cls:
        return None
    return _addr(tag, ident, cls)


@lru_cache(maxsize=65536)
def _addr(tag: str, ident: str | None, cls: str | None) -> str | None:
    if ident and _ok(ident):
        return f"#{ident}"
    classes = sorted({c for c in (cls or "").split() if _ok(c)})
    if classes:
        return tag + "".join("." + c for c in classes)
    return None


def signature(doc) -> frozenset[str]:
    """The page's template signature: the tag, id and class names of its named elements."""
    out = set()
    body = doc.find("body")
    for el in (body if body is not None else doc).iter():
        name = addr(el)
        if name:
            out.add(name if not name.startswith("#") else f"{el.tag}{name}")
    return frozenset(out)


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass
class PageInfo:
    """One page of a site, read for learning."""

    key: str
    url: str | None
    html: str
    doc: object
    sig: frozenset
    article: object = None                        # the generic path's Article, or None
    covered: dict = field(default_factory=dict)   # element -> characters of the generic body in it
    total: dict = field(default_factory=dict)     # element -> visible characters in it
    body_chars: int = 0
    cands: dict | None = None                     # field -> Counter of selectors (learner._candidates)

    def measure(self) -> None:
        """Credit each visible text run to its element and ancestors, as body or not."""
        body = norm(self.article.body) if self.article is not None else ""
        covered, total = self.covered, self.total
        for el in self.doc.iter():
            if not isinstance(el.tag, str):
                continue
            hidden = el.tag in _HIDDEN
            for chunk, owner in ((None if hidden else el.text, el), (el.tail, el.getparent())):
                text = norm(chunk)
                if not text or owner is None:
                    continue
                n = len(text)
                hit = n >= MIN_CHUNK and text in body
                node = owner
                while node is not None:
                    total[node] = total.get(node, 0) + n
                    if hit:
                        covered[node] = covered.get(node, 0) + n
                    node = node.getparent()
        self.body_chars = covered.get(self.doc, 0)

    def text(self, el, limit: int = 400) -> str:
        """The element's visible text (empty when longer than `limit`)."""
        if self.total.get(el, 0) > limit:
            return ""
        return norm(text_of(el))[:limit]
