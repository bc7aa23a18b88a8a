"""Choose the cleaning path for a piece of content and fill what every path leaves to it.

Whatever the path, its articles pass `cleaners.guard` last, so no title or body paragraph
is markup, CSS or script. Content read as a text dump whose articles come out mostly as
markup was a page after all, and is cleaned again as HTML (a dump that quotes some code
stays a dump).
"""
from __future__ import annotations

import logging
from datetime import datetime

from .decode import decode, looks_like_html
from .guard import code_share, guarded, markup_kind
from .lang import guess_lang
from .model import Article, Drop

log = logging.getLogger(__name__)
MOSTLY_CODE = 0.3  # share of a dump article's text that is code, for the dump to be a page after all
MIN_LEARNED_BODY = 80  # characters; a learned layout giving less leaves the page to the generic path
MARKUP_WINDOW = 20000  # characters of a dump that gave no article, looked at for markup


def clean_strict(content: bytes | str, url: str | None = None, *, trace: list[Drop] | None = None,
                 fetched: datetime | None = None, content_type: str | None = None,
                 source: str | None = None, learned=None) -> list[Article]:
    """Like `clean`, but raises UnreadableInput for content that is not a page at all
    (empty, binary, undecodable), so callers that report errors can say why."""
    text = decode(content, content_type)
    html = looks_like_html(text)
    drops: list[Drop] = []
    articles = _clean_learned(text, url, drops, fetched, learned) if html else None
    if articles is None:
        articles = _clean_as(html, text, url, drops, fetched)
    # read as a dump, yet mostly code (or nothing, from a text of tags): it is markup after all
    if not html and (any(code_share(a) >= MOSTLY_CODE for a in articles)
                     or (not articles and markup_kind(text[:MARKUP_WINDOW]))):
        drops = []
        articles = _clean_as(True, text, url, drops, fetched)
    articles = guarded(articles, drops)
    if trace is not None:
        trace.extend(drops)
    for article in articles:
        article.url = article.url or url
        article.source = article.source or source or url
        article.lang = article.lang or guess_lang(f"{article.title or ''}\n{article.body}")
    return articles


def _clean_learned(text: str, url: str | None, trace: list[Drop], fetched: datetime | None,
                   learned) -> list[Article] | None:
    """The articles of a page whose site has learned layouts: its hand-written profile's if
    one claims and serves it, else the learned layout's if one serves it with a body; None
    lets the next path try (so a learned layout never leaves empty a page the generic path
    would clean, and takes over a page whose hand-written profile no longer matches)."""
    from .learn import resolve
    profile = resolve(url, learned)
    if profile is None:
        return None
    from .sites import find_profile
    drops: list[Drop] = []
    hand = find_profile(url, text)
    if hand is not None:
        articles = hand.clean(text, url, trace=drops, fetched=fetched)
        if articles is not None:
            trace.extend(drops)
            return articles
        drops = []
    articles = profile.clean(text, url, trace=drops, fetched=fetched)
    if not articles or any(len(a.body) < MIN_LEARNED_BODY for a in articles):
        return None
    trace.extend(drops)
    return articles


def _clean_as(html: bool, text: str, url: str | None, trace: list[Drop], fetched: datetime | None) -> list[Article]:
    if html:
        from .htmlpage import clean_html
        return clean_html(text, url, trace=trace, fetched=fetched)
    from .textdump import clean_text
    return clean_text(text, url, trace=trace)


def clean(content: bytes | str, url: str | None = None, *, trace: list[Drop] | None = None,
          fetched: datetime | None = None, content_type: str | None = None,
          source: str | None = None, learned=None) -> list[Article]:
    """The articles in `content` (an HTML page or a text dump, as bytes or str).

    Never raises: content with no article, or that cannot be read, gives []. Pass a list
    as `trace` to receive a Drop for every line a rule removed. `learned` is a learned
    profile (cleaners.learn.learn_site), several, or False for none; by default the ones
    installed in the process (cleaners.learn.install) serve their sites."""
    try:
        return clean_strict(content, url, trace=trace, fetched=fetched,
                            content_type=content_type, source=source, learned=learned)
    except Exception as exc:  # the contract: any bytes in, a list out
        log.debug("no article from %s: %s", source or url or "content", exc)
        return []
