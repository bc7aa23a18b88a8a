"""A cheap language guess from the script a text is written in, for pages that do not say."""
from __future__ import annotations

import re

_SCRIPTS = [
    ("ko", re.compile(r"[\uac00-\ud7a3]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
]


def guess_lang(text: str) -> str | None:
    """ISO 639-1 code for texts in a script that names its language; None for Latin text."""
    sample = text[:3000]
    letters = sum(ch.isalpha() for ch in sample)
    if not letters:
        return None
    for code, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) > letters * 0.3:
            return code
    return None
