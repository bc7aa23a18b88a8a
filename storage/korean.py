"""Korean morphemes for the full-text index, by the Kiwi analyser (kiwipiepy).

Korean writes particles and endings onto the word (폭염이, 폭염에, 올랐다) and joins nouns
into compounds (금융사기), so FTS5's unicode61 tokenizer, which splits on spaces, indexes
폭염이 and 금융사기를 as whole tokens: a search for 폭염 or 사기 misses them. Beside the
surface text the index therefore holds each text's analysed forms, as words separated by
spaces: every noun (폭염, 금융, 사기), every run of nouns written together (금융사기), and
each verb or adjective as its dictionary form (오르다). A plain token query then finds the
word whatever is written onto it, in `declutter search` and in Datasette's search box alike.

Analysis costs about 10 ms per 1,200 characters and the model takes 2 s to load, so it runs
where pages are cleaned, in the worker processes (`annotate`), and the single writer only
stores what they computed (`index_terms` analyses itself only for an article that was not
annotated). Text without Hangul is not analysed: its surface tokens already serve."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaners.model import Article

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# nouns, proper nouns, roots, and the foreign words and numbers written onto Korean (KT는, 5G)
_NOUN = ("NNG", "NNP", "XR", "SL", "SH", "SN")
_AFFIX = ("XPN", "XSN")   # 저+금리, 냉방+기: part of a compound, not a word of their own
_VERB = ("VV", "VA")   # kept in their dictionary form: stem + 다
_ATTR = "_index_terms"  # where annotate() leaves an article's terms for the writer

_kiwi = None


def analyser():
    """The shared Kiwi instance, loaded on first use (2 s, 105 MB model)."""
    global _kiwi
    if _kiwi is None:
        from kiwipiepy import Kiwi
        # no typo correction (news is edited) nor multi-word entries (the index splits on
        # spaces anyway): a fifth less to load, a quarter less per article
        _kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
    return _kiwi


def _forms(text: str, parts: bool) -> list[str]:
    """The analysed forms of `text`, in order: with `parts`, each noun of a compound as well
    as the compound; without, only whole compounds and verbs (what a query word means)."""
    out: list[str] = []
    run: list = []   # the current run of nouns written together

    def flush() -> None:
        nouns = sum(t.tag.split("-")[0] in _NOUN for t in run)
        if len(run) > 1 and nouns:
            out.append(text[run[0].start:run[-1].start + run[-1].len])
        elif nouns and not parts:
            out.append(run[0].form)
        run.clear()

    for token in analyser().tokenize(text):
        tag = token.tag.split("-")[0]   # VV-R, VV-I: regular and irregular verbs alike
        if tag in _NOUN or tag in _AFFIX:
            if run and token.start != run[-1].start + run[-1].len:
                flush()
            run.append(token)
            if parts and tag in _NOUN:
                out.append(token.form)
            continue
        flush()
        if tag in _VERB:
            out.append(token.form + "다")
    flush()
    return out


def terms(text: str | None) -> str:
    """The analysed forms of a text for the index, space-separated ('' without Hangul)."""
    if not text or not _HANGUL.search(text):
        return ""
    return " ".join(_forms(text, parts=True))


def query_forms(word: str) -> list[list[str]]:
    """What one query word may stand for, each a list of forms that must all match: the word
    without the particles written onto it, and its analysed forms (폭염이 -> [[폭염]],
    금융사기를 -> [[금융사기]], 올랐다 -> [[오르다]]). A word analysed alone can be read two
    ways (전세사기를 as 전세 + 사다), so both readings are kept. [] for a word without Hangul."""
    if not _HANGUL.search(word):
        return []
    out: list[list[str]] = []
    tokens = analyser().tokenize(word)
    end = len(word)
    while tokens and tokens[-1].tag.startswith("J") and tokens[-1].start > 0:
        end = tokens.pop().start
    if end < len(word):
        out.append([word[:end]])
    forms = list(dict.fromkeys(_forms(word, parts=False)))
    if forms and forms != [word] and [forms] != out[:1]:
        out.append(forms)
    return out


def annotate(articles: list["Article"]) -> list["Article"]:
    """Compute each article's index terms now (in a cleaning worker); they travel with the
    article (pickled with it) to the writer, which stores them."""
    for article in articles:
        attach(article, terms(article.title), terms(article.body))
    return articles


def attach(article: "Article", title_terms: str, body_terms: str) -> None:
    """Give an article the terms analysed elsewhere (a worker, a Redis message)."""
    setattr(article, _ATTR, (title_terms, body_terms))


def index_terms(article: "Article") -> tuple[str, str]:
    """(title terms, body terms) of an article: as annotated, else analysed now."""
    done = getattr(article, _ATTR, None)
    return done if done is not None else (terms(article.title), terms(article.body))
