"""Text-dump path: pages saved as whole-page text, with no markup left to lean on.

A dump is read as a sequence of lines. Each line is first classified on its own (the
shared rules in `cleaners.rules`, stamps and bylines from `cleaners.meta`, photo
captions), then in context (bullet menus, ticker blocks, repeated lines, a portal's
machine summary). The article is the run of lines with the best total score (prose
for, clutter against); the lines just above it give the title, deck, byline and stamp. A listing page whose entries each close
with a `date time name 기자` line gives one article per entry. Every line left out of an
article's title, deck and body is reported to `trace` as a `Drop` with its rule name.
"""
from __future__ import annotations

import re

from .meta import KST, body_bylines, byline_authors, page_zone, parse_time, site_from_text, split_byline, stamps
from .model import Article, Drop
from .rules import bare, line_rule, turn_labels

CLEANER = "text/1"

_BULLET_START = re.compile(r"^\s*(?:[•·◦▪▫●○■□◆◇▶►▷*+]|-\s|–\s|\d{1,2}\.\s)")
_NUMBERED = re.compile(r"^\s*\d{1,2}\.\s")
_WIDE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[.!?。！？…:;][\"'”’」』)\]]*\s*$")
_CAPTION_START = re.compile(r"^\s*[▲△◀◁↑]")
_CAPTION_TAIL = re.compile(
    r"(?:[(\[<]?\s*(?:사진|사진제공|사진 제공|자료사진|그래픽|이미지|출처|제공|photo|foto|image|picture|credit|bild|"
    r"quelle)\s*[=:：/]\s*[^()\[\]<>]{1,30}[)\]>]?\.?|[(\[]\s*(?:사진|사진제공|자료사진|제공)\s*[)\]]\.?|"
    r"\((?:photo|foto|image|bild)\s*(?:by|von|par|:)[^)]{1,40}\)\.?|"
    r"(?:\s/\s|[(\[])[^()\[\]/]{0,20}\s*(?:제공|photo|foto|getty images|afp|reuters|ap|epa|연합뉴스|뉴시스|뉴스1)"
    r"[)\]]?\.?|"
    r"(?:\b(?:foto|fotos|photo|photos|bild|image|crédito|credito|credit|źródło|zdjęcie|fuente|quelle|abbildung|"
    r"source)\s?:\s?[^.!?]{1,60}|\((?:[^()]{0,40}/\s?)?(?:reuters|afp|ap|epa|dpa|getty images|istock|istock\.com|"
    r"shutterstock|imago|keystone|picture alliance|efe|ansa|ap photo)[^()]{0,40}\)|"
    r"\b(?:getty images|istock(?:\.com)?|shutterstock|imago images|picture alliance|reuters|afp|dpa|efe)\.?)"
    r")\s*$", re.IGNORECASE)
_CAPTION_HINT = re.compile(
    r"사진|제공|그래픽|이미지|출처|연합|뉴시스|뉴스1|photo|foto|image|picture|credit|bild|quelle|crédito|credito|"
    r"źródło|fuente|abbildung|source|getty|istock|shutterstock|imago|keystone|alliance|reuters|afp|ap\b|epa|dpa|efe|ansa",
    re.IGNORECASE)
_ALT_PREFIX = re.compile(r"^\s*\[[\w.\-]{1,60}\]\s*\S")
_ROLE_ONLY = re.compile(r"^(?:(?:수석|선임|객원|전문|인턴|사진|영상|취재)?기자|특파원|논설위원|기자\s*=)$")
_NAME_ONLY = re.compile(r"^[가-힣]{2,4}$")
_SUMMARY_NOTICE = re.compile(r"(?:본문\s?보기를\s?권장|자동\s?요약|요약봇|summary (?:was )?(?:generated|produced) by)",
                             re.IGNORECASE)
_TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")
_RIGHTS = re.compile(r"rights|reserved|vorbehalten|réservés|reservados|riservati|무단|재배포|저작권", re.IGNORECASE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LOWER_START = re.compile(r"^[a-zà-ÿ]")

# Rules whose lines may sit between a title and its body (the header zone); any other
# removed line above the body ends the walk up to the title.
_HEADER_RULES = {"separator", "photo_credit", "share", "font_size", "reaction", "image", "loading", "like_widget",
                 "blank", "duplicate", "summary_notice", "date_only"}
# Rules that say the article is over (related lists, comments, copyright, signatures).
_END_RULES = {"related", "comments", "copyright", "signature"}
# Lines after which, once real prose came before, text counts for less (see _region).
_END_MARKS = _END_RULES | {"comment_form", "newsletter", "prev_next", "legal"}

HEADER_REACH = 14
TRAIL_REACH = 6


class _Line:
    __slots__ = ("raw", "text", "bullet", "numbered", "rule", "kind", "authors", "stamps", "weight", "prose", "dup",
                 "listed")

    def __init__(self, raw: str):
        self.raw = raw
        self.text = bare(raw) if raw.strip() else ""
        self.bullet = bool(_BULLET_START.match(raw)) if self.text else False
        self.numbered = self.bullet and bool(_NUMBERED.match(raw))
        self.rule: str | None = None
        self.kind = "text"  # text | blank | drop | meta | caption | summary
        self.authors: list[str] = []
        self.stamps: list = []
        self.weight = 0
        self.prose = False
        self.dup = False
        self.listed = False


def _weight(text: str) -> int:
    """Length with CJK and Hangul characters counted double (they take three bytes in
    UTF-8, Latin letters one or two), so a Korean and an English sentence of the same
    content weigh about the same."""
    return (len(text) + len(text.encode("utf-8", "surrogatepass"))) // 2


def _ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text[-8:]) is not None


_CODE_TOKENS = ("function", "return", "var ", "this.", "===", "!==", "&&", "||", "void 0", "typeof",
                "prototype", "arguments", "=>", "});", "{{")


def _code_like(text: str) -> bool:
    """Script or style source that a page's text export let through."""
    n = len(text)
    marks = sum(text.count(c) for c in "{};=") + 2 * text.count("&&") + 3 * text.count("function")
    if marks * 12 >= n:
        return True
    if sum(text.count(t) for t in _CODE_TOKENS) * 40 >= n:
        return True
    if _weight(text) * 10 > n * 13:  # CJK prose: full-width punctuation, not code
        return False
    return sum(text.count(c) for c in "()[]{},.:;=\"'_") * 6 >= n


def _wordy(text: str) -> bool:
    """Mostly letters: not a rule drawn with box characters or a row of numbers."""
    return sum(map(str.isalpha, text)) * 2 >= len(text)


_SEPARATOR = re.compile(r"^[━─═_\-=~*·.•#+]{6,}$")


def _pipe_menu(text: str) -> bool:
    """A row of links set off by bars: `Home | News | Sport | Contact`."""
    if text.count("|") < 3 or _ends_sentence(text):
        return False
    parts = [p for p in re.split(r"[|¦]", text) if p.strip()]
    return len(parts) >= 3 and sum(map(len, parts)) <= MENU_ITEM * len(parts)


def _is_caption(text: str, raw: str) -> bool:
    if _CAPTION_START.match(raw) or _ALT_PREFIX.match(raw):
        return True
    if len(text) <= 400:
        tail = text[-70:]
        return bool(_CAPTION_HINT.search(tail) and _CAPTION_TAIL.search(tail))
    return False


def _classify(lines: list[_Line]) -> None:
    """One pass over single lines, then the context rules that need their neighbours."""
    turns = turn_labels(ln.raw for ln in lines)  # a transcript's speaker labels stay
    prev = None
    for ln in lines:
        if not ln.text:
            ln.kind, ln.rule = "blank", "blank"
            continue
        text = ln.text
        if len(text) <= 300:
            found = stamps(text)
            if found:
                ln.stamps = found
            authors = byline_authors(text)
            if authors and len(text) <= 80:
                ln.authors = authors
                if not found and _TIME_OF_DAY.search(text):
                    dt = parse_time(text)
                    found = ln.stamps = [("published", dt)] if dt else []
            if (found or ln.authors) and len(text) <= 80 and not _ends_sentence(text.rstrip("=]")):
                ln.kind, ln.rule = "meta", "stamp" if found else "byline"
            elif not found and not ln.authors and len(text) <= 60 and _TIME_OF_DAY.search(text):
                dt = parse_time(text)
                if dt is not None and len(re.sub(r"[\d\s:.\-/년월일시분초()APMapm오전후]", "", text)) <= 12:
                    ln.stamps = [("published", dt)]
                    ln.kind, ln.rule = "meta", "stamp"
            if ln.kind == "text" and len(text) <= 160 and "|" in text and not _ends_sentence(text):
                dt = parse_time(text)  # `Friday | 14 June 2019 | 15:49 by Name in Section | 0 comments`
                if dt is not None:
                    ln.stamps = ln.stamps or [("published", dt)]
                    ln.kind, ln.rule = "meta", "dateline"
        if ln.kind == "text":
            if _SUMMARY_NOTICE.search(text) and len(text) <= 80:
                ln.kind, ln.rule = "drop", "summary_notice"
            else:
                rule = line_rule(ln.raw, turns)
                if rule == "copyright" and len(text) <= 50 and not _RIGHTS.search(text):
                    rule = "photo_credit"  # `© Shutterstock/racorn` under a picture
                if rule:
                    ln.kind, ln.rule = "drop", rule
        if ln.kind == "text" and _SEPARATOR.match(text):
            ln.kind, ln.rule = "drop", "separator"
        elif ln.kind == "text" and _pipe_menu(text):
            ln.kind, ln.rule = "drop", "menu"
        if ln.kind == "text" and len(text) >= 60 and _code_like(text):
            ln.kind, ln.rule = "drop", "script"
        if ln.kind == "text" and prev is not None and prev.text == text:
            ln.dup = True
        if ln.kind == "text" and _is_caption(text, ln.raw):
            half = len(text) // 2
            if len(text) % 2 == 0 and text[:half] == text[half:]:
                ln.kind, ln.rule = "drop", "photo_credit"
            elif len(re.sub(r"[\W\d_]", "", text[:-120] + _CAPTION_TAIL.sub("", text[-120:]))) < 4:
                ln.kind, ln.rule = "drop", "photo_credit"
            else:
                ln.kind, ln.rule = "caption", "caption"
        prev = ln
    for ln in lines:
        if ln.kind == "text":
            ln.weight = _weight(ln.text)
            end = _ends_sentence(ln.text)
            need = 70 if ln.bullet else 50
            ln.prose = ((ln.weight >= need and end) or ln.weight >= 260) and _wordy(ln.text)
    _split_bylines(lines)
    _image_captions(lines)
    _context_runs(lines)
    _summaries(lines)
    _repeated_labels(lines)
    _stray_labels(lines)
    _headline_lists(lines)
    for ln in lines:
        if ln.kind != "text":
            ln.prose = False


def _next_text(lines: list[_Line], i: int) -> int | None:
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j].kind != "blank":
            return j
    return None


def _split_bylines(lines: list[_Line]) -> None:
    """A name on one line and `기자` on the next is one byline."""
    for i, ln in enumerate(lines):
        if ln.kind == "text" and _NAME_ONLY.match(ln.text):
            j = _next_text(lines, i)
            if j is not None and _ROLE_ONLY.match(lines[j].text):
                ln.kind, ln.rule, ln.authors = "meta", "byline", [ln.text]
                lines[j].kind, lines[j].rule = "meta", "byline"


def _image_captions(lines: list[_Line]) -> None:
    """A short line right under a picture's placeholder (`[alt text]`, no blank line between)
    is the picture's caption: a text browser writes a figure's caption there."""
    for k in range(1, len(lines)):
        ln, above = lines[k], lines[k - 1]
        if (ln.kind == "text" and above.rule == "image" and above.text.startswith("[") and len(ln.text) <= 200
                and not ln.bullet):
            ln.kind, ln.rule, ln.prose = "caption", "caption", False


def _repeated_labels(lines: list[_Line]) -> None:
    """Short lines a page shows in several places are its navigation labels, not text."""
    seen: dict[str, int] = {}
    for ln in lines:
        if ln.kind in ("text", "drop") and len(ln.text) <= 30:
            seen[ln.text] = seen.get(ln.text, 0) + (0 if ln.dup else 1)
    for ln in lines:
        if ln.kind == "text" and not ln.dup and _weight(ln.text) <= 30 and seen.get(ln.text, 0) >= 2:
            ln.kind, ln.rule = "drop", "repeated_label"


def _stray_labels(lines: list[_Line]) -> None:
    """A few words between widgets, with no prose on either side, label the widgets."""
    idx = [i for i, ln in enumerate(lines) if ln.kind != "blank"]
    stray = []
    for k, i in enumerate(idx):
        ln = lines[i]
        if ln.kind != "text" or ln.prose or ln.bullet or ln.dup or ln.weight >= STRAY_WEIGHT:
            continue
        near = [lines[idx[j]] for j in (k - 1, k + 1) if 0 <= j < len(idx)]
        if any(x.prose or x.kind == "meta" or x.dup for x in near):
            continue
        if any(x.kind == "drop" and x.rule not in _HEADER_RULES for x in near):
            stray.append(ln)
    for ln in stray:
        ln.kind, ln.rule = "drop", "widget_label"


def _headline_lists(lines: list[_Line]) -> None:
    """Lines set one under another with no blank line between, none of them a sentence, are a
    list of links (teasers, a news ticker, a related list): a story's paragraphs are set apart
    by blank lines, and its headings stand alone. Such lines add nothing to the article's
    score whatever their language, and a list after the story's prose ends it (see _region)."""
    i, n = 0, len(lines)
    while i < n:
        j = i
        while j < n and lines[j].kind != "blank":
            j += 1
        run = [ln for ln in lines[i:j] if ln.kind == "text"]
        if j - i >= LIST_RUN and len(run) * 2 > j - i:
            wide = max(_width(ln.raw.strip()) for ln in lines[i:j])
            # a paragraph wrapped at a cell's width: its lines run on in lower case or fill the width
            wrapped = {k for k in range(i, j - 1) if lines[k + 1].text[:1].islower()
                       or (_width(lines[k].raw.strip()) >= wide - 2 and _WIDE_CHAR.match(lines[k + 1].text[:1])
                           and _WIDE_CHAR.match(lines[k].text[-1:]))}
            wrapped |= {k + 1 for k in wrapped}
            plain = [lines[k] for k in range(i, j) if lines[k].kind == "text" and k not in wrapped
                     and not lines[k].prose and not _ends_sentence(lines[k].text)]
            if len(plain) >= LIST_RUN and len(plain) * 4 >= len(run) * 3:
                for ln in plain:
                    ln.listed = True
        i = j + 1


def _summaries(lines: list[_Line]) -> None:
    """A portal's machine summary: the lines after its notice, up to the next widget line."""
    for i, ln in enumerate(lines):
        if ln.rule != "summary_notice":
            continue
        for j in range(i + 1, min(len(lines), i + 16)):
            if lines[j].kind == "text":
                lines[j].kind, lines[j].rule = "summary", "summary"
            elif lines[j].kind != "blank":
                break


def _context_runs(lines: list[_Line]) -> None:
    """Runs of bullet lines: a menu of short links, or a widget full of numbers."""
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].bullet:
            i += 1
            continue
        j, run = i, []
        while j < n and (lines[j].bullet or (lines[j].kind == "blank" and j + 1 < n and lines[j + 1].bullet)):
            if lines[j].bullet and not lines[j].numbered:
                run.append(lines[j])
            j += 1
        if len(run) >= 2:
            numeric = sum(1 for ln in run if ln.rule in ("ticker", "weather"))
            rule = None
            if numeric * 3 >= len(run):
                rule = "ticker" if any(ln.rule == "ticker" for ln in run) else "weather"
            else:
                free = [ln for ln in run if ln.kind == "text"]
                if free:
                    short = sum(1 for ln in free if _weight(ln.text) < MENU_SHORT or not _ends_sentence(ln.text))
                    if short * 4 >= len(free) * 3:
                        rule = "menu"
            if rule:
                for ln in run:
                    if ln.kind in ("text", "caption"):
                        ln.kind, ln.rule = "drop", rule
        i = max(j, i + 1)


# Line scores for finding the article: see _score. Tuned on varied real pages.
PLAIN_OFFSET = 45.0
PLAIN_CAP = 80
BULLET_COST = 30.0
DROP_COST = 30.0
END_COST = 200.0
REGION_MIN = 40.0
STRAY_WEIGHT = 60
LABEL_COST = 30.0
NUMBERED_OFFSET = 25.0
MENU_SHORT = 30
LIST_RUN = 3  # lines one under another, none a sentence, that make a list of links
MENU_ITEM = 30  # mean length of a bar-separated menu's items
KEEP_INNER_LISTS = True
PROSE_CAP = 500.0
AFTER_END_PROSE = 150.0
AFTER_END_FACTOR = 0.35
_DROP_COST = {"signature": 30.0, "share": 5.0, "font_size": 5.0, "image": 5.0, "duplicate": 2.0,
              "photo_credit": 2.0, "date_only": 5.0, "reaction": 5.0, "summary_notice": 0.0}


def _score(ln: _Line) -> float:
    """How much a line speaks for being inside the article: prose counts its weight,
    widgets and menus count against, short plain lines are nearly neutral."""
    kind = ln.kind
    if kind == "blank" or kind == "summary":
        return 0.0
    if kind == "text":
        if ln.prose:
            return min(ln.weight, PROSE_CAP) * (0.7 if ln.bullet else 1.0)
        if ln.bullet and not ln.numbered:
            return -BULLET_COST
        if ln.listed:  # neutral: a list neither makes nor breaks the story it stands in
            return 0.0
        return min(ln.weight, PLAIN_CAP) - (NUMBERED_OFFSET if ln.numbered else PLAIN_OFFSET)
    if kind == "meta":
        return 10.0
    if kind == "caption":
        return 5.0
    if ln.rule in _END_RULES:
        return -END_COST
    if ln.rule in ("repeated_label", "widget_label"):
        return -LABEL_COST
    return -_DROP_COST.get(ln.rule, DROP_COST)


def _region(lines: list[_Line]) -> tuple[int, int] | None:
    """The run of lines with the largest total score (Kadane's maximum subarray).

    Once a line has said the article is over (comments, related links, copyright) after
    real prose, later text counts for less: comment threads and sidebars can outweigh a
    short article but seldom come before it."""
    best, best_lo, best_hi = 0.0, None, None
    total, lo = 0.0, 0
    seen_prose, factor = 0.0, 1.0
    for i, ln in enumerate(lines):
        sc = _score(ln)
        if ln.prose:
            seen_prose += ln.weight
        elif factor == 1.0 and (ln.rule in _END_MARKS or ln.listed) and seen_prose >= AFTER_END_PROSE:
            factor = AFTER_END_FACTOR
        if sc > 0:
            sc *= factor
        if total <= 0:
            total, lo = 0.0, i
        total += sc
        if total > best and sc > 0:
            best, best_lo, best_hi = total, lo, i
    if best_lo is None or best < REGION_MIN:
        return None
    while best_lo < best_hi and _score(lines[best_lo]) <= 0:
        best_lo += 1
    return best_lo, best_hi


def _footers(lines: list[_Line], lo: int, hi: int) -> list[int]:
    """Lines closing a listing entry: a date-time and a byline on one line."""
    return [i for i in range(lo, hi) if lines[i].kind == "meta" and lines[i].stamps and lines[i].authors]


def _header_start(lines: list[_Line], first: int, floor: int) -> int:
    """Walk up from the first body line over the title, deck, byline and stamp lines."""
    i, seen, top = first - 1, 0, first
    while i >= floor and seen < HEADER_REACH:
        ln = lines[i]
        if ln.kind == "blank":
            i -= 1
            continue
        if ln.kind == "drop" and ln.rule not in _HEADER_RULES:
            break
        if ln.kind == "text" and ln.prose:
            break
        seen += 1
        top = i
        i -= 1
    return top


def _title_index(lines: list[_Line], top: int, first: int) -> int | None:
    cands = [i for i in range(top, first) if lines[i].kind == "text" and not lines[i].dup
             and 2 <= len(lines[i].text) <= 200]
    if not cands:
        return None
    for i in cands:  # a title the page shows twice
        j = _next_text(lines, i)
        if j is not None and lines[j].dup and lines[j].text == lines[i].text:
            return i
    metas = [i for i in range(top, first) if lines[i].kind == "meta"]
    if metas:
        above = [i for i in cands if i < metas[0]]
        if above:
            return above[-1]
    for i in cands:
        if len(lines[i].text) >= 10 and (" " in lines[i].text or _WIDE.search(lines[i].text)):
            return i
    return cands[0]


_WORD = re.compile(r"[^\W\d_]{3,}")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uf900-\ufaff]+")
_TITLE_RULES = {"repeated_label", "widget_label", "duplicate", "before_title", "caption"}
TITLE_REACH = 40      # non-blank lines above the body searched for its headline
TITLE_OVERLAP = 0.34  # share of a headline's words the story's opening repeats
HEADLINE_WORDS = 20
HEADLINE_WIDE = 80
TITLE_OPENING = 1500  # characters of the story's opening compared with the headline


def _tokens(text: str) -> set[str]:
    """Words, and pairs of characters in scripts written without spaces."""
    out = {w.lower() for w in _WORD.findall(text)}
    for run in _CJK_RUN.findall(text):
        out.update(map(str.__add__, run, run[1:]))
    return out


def _headline_shape(text: str) -> bool:
    """Short enough for a headline and not a sentence's continuation: at most HEADLINE_WORDS
    words (HEADLINE_WIDE characters in scripts written without spaces), not opening in lower case."""
    if not 4 <= len(text) <= 200 or text[:1].islower():
        return False
    return len(text) <= HEADLINE_WIDE if _WIDE.search(text[:20]) else len(text.split()) <= HEADLINE_WORDS


def _headline(lines: list[_Line], floor: int, first: int, last: int, pick: int | None) -> int | None:
    """The headline above the body: a headline-shaped line close above it whose words the
    story's opening repeats. Menus, teasers and widget labels share few words with it."""
    opening, size = [], 0
    for i in range(first, last + 1):
        if lines[i].kind == "text":
            opening.append(lines[i].text[:TITLE_OPENING])
            size += len(opening[-1])
            if size > TITLE_OPENING:
                break
    body = _tokens(" ".join(opening))
    if not body:
        return pick
    if pick is not None and _headline_shape(lines[pick].text):  # the line just above the story,
        toks = _tokens(lines[pick].text)                           # kept when the story repeats it
        if toks and len(toks & body) >= min(2, len(toks)) and len(toks & body) / len(toks) >= TITLE_OVERLAP:
            return pick
    best, best_i, seen = 0.0, pick, 0
    for i in range(first - 1, floor - 1, -1):
        ln = lines[i]
        if ln.kind == "blank":
            continue
        seen += 1
        if seen > TITLE_REACH:
            break
        if ln.prose or ln.dup or not (ln.kind == "text" or ln.rule in _TITLE_RULES) or not _headline_shape(ln.text):
            continue
        toks = _tokens(ln.text)
        shared = len(toks & body)
        if len(toks) < 2 or shared < 2:
            continue
        score = shared / len(toks) - 0.004 * seen
        if ln.text.rstrip()[-1:] in ".:|" or "[" in ln.text:
            score -= 0.3
        if score > best and shared / len(toks) >= TITLE_OVERLAP:
            best, best_i = score, i
    return best_i


def _paragraphs(texts: list[tuple[str, bool]]) -> list[str]:
    """Join lines into paragraphs: a line hard-wrapped inside a sentence continues the
    previous one; every other line is a paragraph of its own."""
    out: list[str] = []
    glue = False
    for text, after_blank in texts:
        if out and glue and not after_blank and _LOWER_START.match(text):
            out[-1] = out[-1] + " " + text
        else:
            out.append(text)
        glue = not _ends_sentence(text)
    return out


def _build(lines: list[_Line], lo: int, first: int, last: int, hi: int, trace, site) -> Article | None:
    """One article from the lines lo..hi whose body runs first..last (prose indices)."""
    top = _header_start(lines, first, lo)
    title_i = _headline(lines, lo, first, last, _title_index(lines, top, first))
    art = Article(site=site, cleaner=CLEANER)
    if title_i is not None:
        art.title = lines[title_i].text
    end = last
    authors: list[str] = []
    published = modified = None

    def take_meta(ln: _Line) -> None:
        nonlocal published, modified
        for name in ln.authors:
            if name not in authors:
                authors.append(name)
        for kind, dt in ln.stamps:
            if kind == "published" and published is None:
                published = dt
            elif kind == "modified" and modified is None:
                modified = dt

    body: list[tuple[str, bool]] = []
    after_blank = False
    for i in range(lo, hi):
        ln = lines[i]
        inside = top <= i <= end
        if ln.kind == "blank":
            after_blank = True
            continue
        if i == title_i:
            continue
        if ln.kind == "summary" and i < first:
            if ln.text not in art.summary:
                art.summary.append(ln.text)
            continue
        if not inside:
            if ln.kind == "meta" and end < i <= end + 2 * TRAIL_REACH:
                take_meta(ln)  # a signature or an entry's closing stamp, right after the body
            _drop(trace, ln.rule if ln.kind == "drop" else ("before_article" if i < top else "after_article"),
                  ln.raw)
            continue
        if ln.kind == "meta":
            take_meta(ln)
            _drop(trace, ln.rule, ln.raw)
        elif ln.kind == "drop" and not (ln.rule == "menu" and KEEP_INNER_LISTS and first < i < last):
            _drop(trace, ln.rule, ln.raw)
        elif ln.kind == "caption":
            if ln.text not in art.captions:
                art.captions.append(ln.text)
            _drop(trace, "caption", ln.raw)
        elif ln.dup:
            _drop(trace, "duplicate", ln.raw)
        elif title_i is not None and i < title_i:
            _drop(trace, "before_title", ln.raw)
        elif i < first:
            art.subtitle.append(ln.text)
        else:
            if not body:
                found = byline_authors(ln.text)  # a wire credit opening the body
                for name in found:
                    if name not in authors:
                        authors.append(name)
            body.append((ln.text, after_blank))
        after_blank = False
    found, paragraphs, cut = body_bylines(_paragraphs(body), art.title, art.subtitle)
    for line in cut:
        _drop(trace, "byline", line)
    art.body = "\n\n".join(paragraphs)
    art.authors = authors + [n for n in found if n not in authors]
    if published is None:
        published = _date_near(lines, title_i if title_i is not None else first, max(lo, first - 4 * DATE_REACH),
                               min(hi, last + 2 * DATE_REACH))
    art.published, art.modified = published, modified
    if not art.body and not art.title:
        return None
    return art


# Month names of languages whose dates the shared parser does not read (its own cover
# numeric, English and Korean forms): the first letters of each month, nominative or genitive.
_MONTH_STEMS = {
    1: ("янв", "січ", "sty", "ιαν", "gen", "jän", "ene"), 2: ("фев", "лют", "lut", "φεβ", "feb"),
    3: ("мар", "бер", "mar", "μαρ"), 4: ("апр", "кві", "kwi", "απρ", "abr", "avr"),
    5: ("мая", "май", "тра", "maj", "μαΐ", "μαι", "mag", "mai"), 6: ("июн", "чер", "cze", "ιουν", "giu", "jui"),
    7: ("июл", "лип", "lip", "ιουλ", "lug"), 8: ("авг", "сер", "sie", "αυγ", "ago", "aoû"),
    9: ("сен", "вер", "wrz", "σεπ", "set"), 10: ("окт", "жов", "paź", "paz", "οκτ", "ott"),
    11: ("ноя", "лис", "lis", "νοε", "noi"), 12: ("дек", "гру", "gru", "δεκ", "dic", "déc"),
}
_STEM_MONTH = {stem: m for m, stems in _MONTH_STEMS.items() for stem in stems}
_WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\.?\s+([^\W\d_]{3,12})\.?,?\s+(\d{4})(?:\D{0,8}?(\d{1,2})[:.](\d{2}))?")
_CJK_DATE = re.compile(r"(\d{4})\s*[年/-]\s*(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*日?(?:\D{0,6}?(\d{1,2}):(\d{2}))?")
DATE_REACH = 30  # non-blank lines around the headline searched for its date line
DATE_LINE = 120  # longer lines are sentences that mention a date


def _any_date(text: str):
    """A date in a short line: the shared parser's forms, day-month-year with the month
    named in another language, or year年month月day日."""
    dt = parse_time(text)
    if dt is not None:
        return dt
    m = _WORD_DATE.search(text)
    if m:
        name = m.group(2).lower().replace("ά", "α").replace("ί", "ι").replace("ύ", "υ").replace("έ", "ε")
        mon = _STEM_MONTH.get(name[:3]) or _STEM_MONTH.get(name[:4])
        if mon:
            return _make_date(m.group(3), mon, m.group(1), m.group(4), m.group(5))
    m = _CJK_DATE.search(text)
    if m:
        return _make_date(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5))
    return None


def _make_date(y, mo, d, hh, mm):
    from datetime import datetime
    try:
        return datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), tzinfo=KST)
    except ValueError:
        return None


def _date_near(lines: list[_Line], anchor: int, lo: int, hi: int):
    """The date of the article when no labelled stamp gave it: the date line nearest its
    headline, above or below (a site's header shows today's date further up)."""
    order, up, down = [], anchor, anchor + 1
    while len(order) < 2 * DATE_REACH and (up >= lo or down < hi):
        if up >= lo:
            order.append(up)
            up -= 1
        if down < hi:
            order.append(down)
            down += 1
    for i in order:
        ln = lines[i]
        if ln.kind == "blank" or ln.prose or ln.rule in _END_RULES or len(ln.text) > DATE_LINE:
            continue
        if not _DIGITS4.search(ln.text):
            continue
        dt = ln.stamps[0][1] if ln.stamps else _any_date(ln.text)
        if dt is not None and 1990 <= dt.year <= 2100:
            return dt
    return None


_DIGITS4 = re.compile(r"\d{4}")


def _drop(trace, rule: str | None, text: str) -> None:
    if trace is not None and text.strip():
        trace.append(Drop(rule or "clutter", text.strip()))


def _unwrap(raws: list[str]) -> list[str]:
    """Join a line broken inside a sentence with the lowercase line that continues it."""
    out: list[str] = []
    for raw in raws:
        if (out and out[-1].strip() and raw[:1] != " " and _LOWER_START.match(raw)
                and not _BULLET_START.match(out[-1]) and not _ends_sentence(out[-1].rstrip())
                and len(out[-1]) < 2000):
            out[-1] = out[-1].rstrip() + " " + raw
        else:
            out.append(raw)
    return out


# --- table layouts -----------------------------------------------------------------
# A text browser lays a table out as its cells side by side: each line holds a piece of
# every column (navigation, story, sidebar) and the story's sentences are wrapped at the
# cell's width. Such runs are read back column by column, and wrapped lines rejoined.
_CELL = re.compile(r"(?:\[ *\]|\S+)(?:  ?(?:\[ *\]|\S+))*")  # a form box `[    ]` is one word
_WIDE_CHAR = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                        "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")
COLUMN_SUPPORT = 2   # lines on which a column must start for it to count
COLUMN_MIN_START = 4  # a cell this far in is a column, not an indented list item
LAYOUT_WRAPS = 2      # cells wrapped over lines that make a run a layout, not a table of data
LAYOUT_CELL = 100     # a cell this wide holds paragraphs, not a table's data
RUN_BRIDGE = 4        # flush-left lines a run may pass over between side-by-side lines


def _width(text: str) -> int:
    """Display width as a text browser lays it out (wide East Asian characters take two)."""
    return len(text) if text.isascii() else len(text) + len(_WIDE_CHAR.findall(text))


def _cells(raw: str) -> list[tuple[int, str]]:
    """(display column, text) of each piece of a line set off by two or more spaces."""
    if "   " not in raw.strip() or "│" in raw:  # a bordered table reads right row by row
        m = raw.lstrip(" ")
        return [(_width(raw[: len(raw) - len(m)]), m.rstrip())] if m.strip() else []
    out, pos, col = [], 0, 0
    for m in _CELL.finditer(raw):
        col += _width(raw[pos:m.start()])
        out.append((col, m.group()))
        col += _width(m.group())
        pos = m.end()
    return out


def _columns(raws: list[str]) -> list[str]:
    """The lines with every run of side-by-side table cells read column by column."""
    if not any("   " in r.strip() for r in raws):
        return raws
    cells = [_cells(r) if len(r) <= 4000 else [(0, r.strip())] for r in raws]
    out: list[str] = []
    i, n = 0, len(raws)
    while i < n:
        if len(cells[i]) < 2:
            out.append(raws[i])
            i += 1
            continue
        j, multi, last_multi = i, 0, i
        while j < n:
            c = cells[j]
            if len(c) >= 2:
                multi, last_multi = multi + 1, j
            elif c and c[0][0] == 0 and j - last_multi > RUN_BRIDGE:
                break
            elif c and c[0][0] == 0 and not any(len(cells[k]) >= 2 for k in range(j + 1, min(n, j + RUN_BRIDGE + 1))):
                break
            j += 1
        j = last_multi + 1
        read = _read_columns(cells[i:j]) if multi >= 2 else None
        out.extend(read if read is not None else raws[i:j])
        i = j
    return out


def _read_columns(rows: list[list[tuple[int, str]]]) -> list[str] | None:
    """The run's text column by column; None for a table of data (rows of short cells, no
    cell wrapped over lines), which reads right row by row."""
    support: dict[int, int] = {}
    for row in rows:
        for col, _ in row:
            if col >= COLUMN_MIN_START:
                support[col] = support.get(col, 0) + 1
    starts = [0] + sorted(c for c, k in support.items() if k >= COLUMN_SUPPORT)
    grid: list[dict[int, str]] = []
    for row in rows:
        line: dict[int, str] = {}
        for col, text in row:
            k = max(s for s in starts if s <= col)
            line[k] = line[k] + " " + text if k in line else text
        grid.append(line)
    out: list[str] = []
    layout = 0
    for s in starts:
        texts = [line.get(s, "") for line in grid]
        if not any(texts):
            continue
        width = max(_width(t) for t in texts)
        col_out: list[str] = []
        prev = ""
        for t in texts:
            if t and prev and col_out:
                wide = bool(_WIDE_CHAR.match(t[0])) and bool(_WIDE_CHAR.match(prev[-1]))
                first = t.split(" ", 1)[0]
                wrapped = width >= 20 and (_width(prev) >= width - 2 if wide
                                           else _width(prev) + 1 + _width(first) > width)
                if wrapped:
                    # a sentence running on in lower case: a cell wrapped at its width, as in a
                    # layout's story column; a data table's cells each end on their own line
                    layout += wide or (first[:1].islower() and not _ends_sentence(prev))
                    col_out[-1] = col_out[-1] + ("" if wide else " ") + t
                    prev = t
                    continue
            col_out.append(t)
            prev = t
        if width >= LAYOUT_CELL:  # a story's paragraphs beside a sidebar, too wide to wrap
            layout += LAYOUT_WRAPS
        out.extend(col_out)
        out.append("")
    return out if layout >= LAYOUT_WRAPS else None


def clean_text(text: str, url: str | None = None, trace: list[Drop] | None = None) -> list[Article]:
    """The articles in a whole-page text dump: [] when no block of prose is found."""
    if not text or not text.strip():
        return []
    raws = _unwrap(_columns(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    lines = [_Line(part) for raw in raws for part in split_byline(raw)]
    _classify(lines)
    region = _region(lines)
    if region is None:
        return []
    korean = bool(_HANGUL.search(text[:20000])) or "KST" in text
    if not korean:
        _stamps_in_utc(lines)
    first, last = region
    first = next((i for i in range(first, last + 1) if lines[i].prose), first)
    site = site_from_text(text)
    n = len(lines)
    # a listing page: entries that each close with a `date time name 기자` line
    look_hi = min(n, last + TRAIL_REACH + 1)
    top = _header_start(lines, first, 0)
    feet = _footers(lines, top, look_hi)
    entries = []
    if len(feet) >= 2:
        lo = top
        for f in feet:
            prose = [i for i in range(lo, f) if lines[i].prose]
            if not prose:
                entries = []
                break
            entries.append((lo, prose[0], prose[-1], f + 1))
            lo = f + 1
    if entries:
        articles = []
        for k, (lo, p0, p1, hi) in enumerate(entries):
            local = [] if trace is not None else None
            art = _build(lines, lo, p0, p1, hi, local, site)
            if trace is not None:
                trace.extend(local)
            if art is not None:
                articles.append(art)
        for i in list(range(0, entries[0][0])) + list(range(entries[-1][3], n)):
            if lines[i].kind != "blank" and trace is not None:
                _drop(trace, lines[i].rule if lines[i].kind == "drop" else "outside_article", lines[i].raw)
        _set_section(lines, entries[0][0], articles)
        return articles
    art = _build(lines, 0, first, last, n, trace, site)
    if art is None:
        return []
    art.published = page_zone(art.published, korean)  # a date line found without a zone
    _set_section(lines, top, [art])
    return [art]


def _stamps_in_utc(lines: list[_Line]) -> None:
    """Stamps without a written zone are Korean time on Korean pages, UTC elsewhere."""
    for ln in lines:
        if ln.stamps:
            ln.stamps = [(kind, page_zone(dt, False)) for kind, dt in ln.stamps]


def _set_section(lines: list[_Line], top: int, articles: list[Article]) -> None:
    """A breadcrumb just above the article names its section."""
    for i in range(top - 1, max(-1, top - 4), -1):
        if lines[i].rule == "breadcrumb":
            for art in articles:
                art.section = art.section or lines[i].text
            return
