"""How counts and outcomes read in declutter's output: plurals, and Scrapy's finish reasons
as the words a sentence needs."""
from __future__ import annotations

_PLURALS = {"entry": "entries", "copy": "copies"}


def counted(n: int, noun: str) -> str:
    """'1 page', '2 pages', '1,200 articles'."""
    if n == 1:
        return f"1 {noun}"
    head, _, last = noun.rpartition(" ")
    plural = _PLURALS.get(last) or (last if last.endswith("s") else last + "s")
    return f"{n:,} {head + ' ' if head else ''}{plural}"


# why a crawl ended, as the verb phrase of "etoday: finished after 2.0s"
_REASONS = {
    "finished": "finished",
    "max_pages": "stopped at --max-pages",
    "shutdown": "interrupted",
    "closespider_timeout": "stopped at its time limit",
    "closespider_itemcount": "stopped at its item limit",
    "closespider_pagecount": "stopped at its page limit",
    "closespider_errorcount": "stopped after too many errors",
    "cancelled": "cancelled",
}


def ended(reason: str | None) -> str:
    """A crawl's finish reason as words: 'finished', 'interrupted', 'stopped (memusage_exceeded)'."""
    if not reason:
        return "ended"
    return _REASONS.get(reason, f"stopped ({reason.replace('_', ' ')})")
