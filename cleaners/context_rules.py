"""Clutter rules that need the neighbouring paragraphs, for the generic HTML path.

trafilatura drops menus and footers, but what publishers put inside the article
container stays. Most of it is told line by line by `cleaners.rules.line_rule` (teasers,
subscription calls, disclosures, credits, tags, widgets ...); what is left here needs
the paragraphs around a line: a related-stories heading with the list of headlines under
it, a share heading with the buttons' labels under it, and a run of bulleted headlines
closing the text, and a tail of other stories' links (headlines that are links on the page,
each perhaps with its teaser). `paragraph_drops(paragraphs)` names the rule for every paragraph it removes.

A line that reads as a sentence and was named by a word of a rule's vocabulary alone
(`cleaners.rules.word_verdict`) is kept when it stands among the story's paragraphs, unless
more evidence joins the word: it is mostly link text, or it stands in a run of clutter (a
neighbour named by a rule's shape, or by the same rule). At the edges of the body, before the
first or after the last story paragraph, the word is enough, as there calls and notices gather.

A rule whose vocabulary is the page's subject is no evidence on that page: on a review of
subscription boxes or a post about growing a newsletter's subscribers, "subscription" and
"subscriber" are the story's words. When the title is named by such a rule, or the rule names
SUBJECT_LINES lines or more of the body, its word verdicts stand only on calls (a line opening
with the imperative, or naming the publisher's own newsletter or list).
"""
from __future__ import annotations

import re

from typing import Callable

from .rules import _MONTH, RELATED_WORDS, bare, line_rule, reads_as_sentence, turn_labels, word_verdict

# a heading that opens a list of other stories
_RELATED_HEADING = re.compile(r"^(?:" + RELATED_WORDS + r"|(?:mehr|more|top-?themen|top stories) (?:von|auf|bei|from|on|at) .{2,40}|"
                              r"auch (?:auf|bei) \S{2,40})\s*[:?!.…]*$")
# a heading whose share buttons' labels follow
_SHARE_HEADING = re.compile(r"^(?:teilen mit|diesen artikel teilen|artikel teilen|share this(?: article| story| post)?|"
                            r"partager (?:cet article|sur)|compartir (?:en|este)|condividi|udostępnij)\s*:?$")
_PROSE = re.compile(r"[.!?。…\"”»)](?:\s|$)")


def _is_headline_like(p: str) -> bool:
    """A short line that reads like a link to another story, not a paragraph of running text."""
    if p.startswith("- "):
        return len(p) <= 220
    return len(p) <= 160 and len(_PROSE.findall(p)) <= 1


def paragraph_drops(paragraphs: list[str], linked: Callable[[str], bool] | None = None,
                    title: str | None = None, rules: list[str | None] | None = None) -> list[str | None]:
    """For each paragraph, the name of the rule that removes it, or None to keep it.
    `linked(paragraph)` tells whether a paragraph is mostly link text on the page; `title` is
    the page's headline (its subject); `rules` the paragraphs' `line_rule` verdicts when the
    caller has them already."""
    verdicts: list[str | None] = [None] * len(paragraphs)
    turns = turn_labels(paragraphs)  # a transcript's speaker labels stay
    in_related = False
    for i, p in enumerate(paragraphs):
        n = len(p)
        low = p.lower()
        if in_related:
            if _is_headline_like(p):
                verdicts[i] = "related_list"
                continue
            in_related = False
        if n <= 80 and _RELATED_HEADING.match(low):
            verdicts[i] = "related_heading"
            in_related = True
        elif n <= 40 and _SHARE_HEADING.match(low):
            verdicts[i] = "share"
            in_related = True  # the buttons' labels follow
        else:
            verdicts[i] = rules[i] if rules is not None else line_rule(p, turns)
    _subject_words(paragraphs, verdicts, title)
    _closing_notice(paragraphs, verdicts)
    _keep_story_sentences(paragraphs, verdicts, linked)
    _edge_stamps(paragraphs, verdicts)
    _trailing_link_list(paragraphs, verdicts)
    if linked:
        _trailing_links(paragraphs, verdicts, linked)
    return verdicts


SUBJECT_LINES = 4  # lines of the body one word rule names, from which its vocabulary is the page's subject
SUBJECT_RULES = frozenset({"promo", "newsletter", "disclosure"})  # words that can be what a page is about
# a call, whatever the subject: opening with the imperative, or naming the publisher's own list
_CALL = re.compile(r"(?i)^\W*(?:sign(?:ing)? up|subscribe|register|join|donate|become a|get (?:our|the latest)|"
                   r"enter your|abonnieren sie|melden sie sich|abonnez|inscrivez|suscríbete|zapisz się)\b|"
                   r"\b(?:our|my|unseren?|notre|nuestro) (?:free |weekly |daily )?(?:newsletters?|mailing list|"
                   r"e-?mail list|substack|podcast|youtube channel)\b")


def _subject_words(paragraphs: list[str], verdicts: list[str | None], title: str | None) -> None:
    """Clear the verdicts of a word rule whose vocabulary is the page's subject, except on calls."""
    counts: dict[str, int] = {}
    for v in verdicts:
        if v in SUBJECT_RULES:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return
    subject = {r for r, n in counts.items() if n >= SUBJECT_LINES}
    if title:
        named = line_rule(title)
        if named in counts:
            subject.add(named)
    for i, v in enumerate(verdicts):
        if v in subject and not _CALL.search(paragraphs[i]):
            verdicts[i] = None


NOTICE_TAIL = 3  # lines after a copyright notice that are still the notice's legal small print ...
NOTICE_LINE = 300  # ... when none is longer than this
_NOTICE_OPENS = re.compile(r"(?i)^(?:©|\(c\)|copyright\b)")  # a notice, not a sentence that names a credit


def _closing_notice(paragraphs: list[str], verdicts: list[str | None]) -> None:
    """A copyright notice (a line opening with its sign) closes the story: the few short lines after it ("may not be reproduced",
    "distributed by", "the full article contains ...") are its small print, not story."""
    for i in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 2 - NOTICE_TAIL), -1):
        if verdicts[i] == "copyright" and _NOTICE_OPENS.match(bare(paragraphs[i])):
            rest = range(i + 1, len(paragraphs))
            if i > 0 and all(len(paragraphs[j]) <= NOTICE_LINE for j in rest):
                for j in rest:
                    verdicts[j] = verdicts[j] or "copyright_tail"
            return


def _keep_story_sentences(paragraphs: list[str], verdicts: list[str | None],
                          linked: Callable[[str], bool] | None) -> None:
    """Clear the word verdicts on sentences among the story that nothing else confirms."""
    story = [i for i, v in enumerate(verdicts) if v is None and reads_as_sentence(paragraphs[i])]
    if len(story) < 2:
        return
    weak = [word_verdict(v, p) for v, p in zip(verdicts, paragraphs)]
    for i in range(story[0] + 1, story[-1]):
        rule = verdicts[i]
        if not weak[i]:
            continue
        run = any(verdicts[j] and (not weak[j] or verdicts[j] == rule) for j in (i - 1, i + 1))
        if not run and not (linked and linked(paragraphs[i])):
            verdicts[i] = None


_STAMP_PART = re.compile(r"(?i)\b(?:(?:19|20)\d\d|\d{1,2}[:.h]\d\d(?:\s*[ap]\.?m\.?)?)(?!\d)")  # a year or a time
_NOT_WORD = re.compile(r"(?i)\S*\d\S*|\b" + _MONTH + r"\b|[^\w\s]+|\b\w{1,2}\b")
STAMP_WORDS = 2  # words beside the date and time a stamp line may carry ("Last updated", "Posted")


def is_stamp(line: str) -> bool:
    """A line that is a date or time stamp: a year or a time, and beside numbers, month names
    and short words at most STAMP_WORDS words ("Last updated at 11:25am on 07.01.08"); not
    a line that opens in lower case (a sentence's broken-off end)."""
    text = bare(line)
    if len(text) > 70 or "|" in text or text[:1].islower() or not _STAMP_PART.search(text):
        return False
    return len(_NOT_WORD.sub(" ", text).split()) <= STAMP_WORDS


def _edge_stamps(paragraphs: list[str], verdicts: list[str | None]) -> None:
    """Date and time stamps before the story's first sentence or after its last: the page's
    dateline and "updated" notes, which trafilatura leaves in the text."""
    story = [i for i, v in enumerate(verdicts) if v is None and reads_as_sentence(paragraphs[i])]
    if not story:
        return
    for i in (*range(story[0]), *range(story[-1] + 1, len(paragraphs))):
        if verdicts[i] is None and is_stamp(paragraphs[i]):
            verdicts[i] = "stamp"


class LinkText:
    """Which lines of a page are the text of its links (<a>): read once, when first asked."""

    def __init__(self, tree):
        self.tree = tree
        self._texts: set[str] | None = None

    @property
    def texts(self) -> set[str]:
        if self._texts is None:
            texts = {" ".join(a.text_content().split()) for a in self.tree.iter("a")}
            self._texts = {t for t in texts if len(t) >= 3}
        return self._texts

    def __call__(self, line: str) -> bool:
        """Whether links cover at least half of `line`."""
        text = " ".join(line.split())
        if text in self.texts:
            return True
        covered = sum(len(t) for t in self.texts if len(t) <= len(text) and t in text)
        return covered >= 0.5 * len(text)

    def share(self, text: str) -> float:
        """The share of `text` (one paragraph a line) in lines that are a link's whole text."""
        lines = [bare(line) for line in text.split("\n")]
        total = sum(map(len, lines))
        texts = self.texts
        return sum(len(line) for line in lines if line in texts) / total if total else 0.0


_LIST_MARK = re.compile(r"^[·•▶▷►☞]\s?")  # not "- ": lists of facts are rendered so too
_SENTENCE_END = re.compile(r"[.!?。…]$|다\.?$")


def _trailing_link_list(paragraphs: list[str], verdicts: list[str | None]) -> None:
    """A run of short bulleted headlines closing the text is a list of links to other stories."""
    run: list[int] = []
    for i in range(len(paragraphs) - 1, -1, -1):
        if verdicts[i]:
            continue
        p = paragraphs[i]
        if len(p) <= 120 and _LIST_MARK.match(p) and not _SENTENCE_END.search(p.rstrip()):
            run.append(i)
        else:
            break
    if len(run) >= 2 and len(run) < len([v for v in verdicts if not v]):
        for i in run:
            verdicts[i] = "related_list"


TAIL_LINKS = 3  # linked headlines a closing run needs before it is taken for other stories' links
_TEASER = 300  # longest unlinked line taken for a headline's teaser
_HEADING = 60  # longest line taken for the heading over such a run


def _trailing_links(paragraphs: list[str], verdicts: list[str | None], linked: Callable[[str], bool]) -> None:
    """The text's closing run of short lines that are links on the page, each perhaps followed by
    one unlinked teaser line, perhaps under a short heading: other stories' headlines ("more from",
    "related", a blog roll), in any language. Two unlinked lines in a row end the run (the story),
    and the story before it must hold sentences of its own. A run whose links are mostly
    questions is a closing FAQ (accordion toggles, each opening its answer) and stays."""
    start, links, questions, pending = None, 0, 0, False
    for i in range(len(paragraphs) - 1, -1, -1):
        if verdicts[i]:
            continue
        p = bare(paragraphs[i])
        if len(p) <= 160 and linked(p):
            start, links, pending = i, links + 1, False
            questions += p.endswith(("?", "？"))
        elif not pending and len(p) <= _TEASER:
            pending = True
        else:
            break
    if start is None or links < TAIL_LINKS or 2 * questions > links:  # questions opening answers: a FAQ
        return
    story = [i for i in range(start) if verdicts[i] is None and reads_as_sentence(paragraphs[i])]
    if len(story) < 2:
        return
    head = start - 1
    if head > story[-1] and len(paragraphs[head]) <= _HEADING and not _SENTENCE_END.search(paragraphs[head].rstrip()):
        start = head
    for i in range(start, len(paragraphs)):
        verdicts[i] = verdicts[i] or "linked_tail"
