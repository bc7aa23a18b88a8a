"""Clutter that survives main-text extraction, judged on the paragraphs an extractor keeps.

trafilatura drops menus and footers, but what publishers put inside the article
container stays: "read also" teasers between paragraphs, a related-stories heading with
its list of headlines, newsletter and subscription calls, advertising disclosures,
photo credits, comment-box prompts. Each rule is a KIND of clutter written in several
languages; `paragraph_drops(paragraphs)` names the rule for every paragraph it removes.
Single-line rules shared with the text-dump path stay in `cleaners.rules`.
"""
from __future__ import annotations

import re

_READ_ALSO = (
    r"read (?:more|also|next)|also read|see also|more (?:on|about|from) (?:this|the)\b.{0,30}|don'?t miss|"
    r"related(?: (?:articles?|stories|posts|news|content|coverage|reading))?|recommended(?: reading| for you)?|"
    r"further reading|you (?:may|might) (?:also )?(?:like|enjoy|be interested(?: in)?)|"
    r"(?:lesen|lies) (?:sie |du )?(?:auch|mehr|hier|weiter)(?: die folgenden beiträge)?|zum weiterlesen|weiterlesen|"
    r"auch lesen|schon gelesen\??|auch interessant|interessant(?: auch)?|mehr (?:zum thema|dazu|themen|artikel|beiträge)|"
    r"weitere (?:themen|artikel|beiträge|nachrichten|meldungen|news|tipps)(?: \S+){0,4}|empfohlene (?:beiträge|artikel)|"
    r"(?:das|dies) (?:könnte|dürfte) (?:dich|sie|euch) auch interessieren|ähnliche (?:beiträge|artikel|themen)|"
    r"(?:à |a )?lire (?:aussi|également|ensuite)|(?:à )?voir aussi|sur le même (?:sujet|thème)|plus d'articles|"
    r"(?:lea|lee|mira|mire|vea|ver|leia|veja) (?:también|además|más|tambem|também|mais)|(?:lea|mira|mire|lee)|"
    r"(?:te|le) puede(?:n)? interesar|puedes ver|notas relacionadas|contenido relacionado|noticias relacionadas|"
    r"más (?:sobre|noticias)(?: \S+){0,4}|leggi anche|potrebbe interessarti|"
    r"czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)|polecamy|dowiedz się więcej|"
    r"관련\s?기사|관련\s?뉴스|함께 보면 좋은 (?:기사|뉴스)|추천\s?기사|많이 본 뉴스|(?:이\s?)?(?:기자의\s?)?다른\s?기사(?:\s?보기)?|"
    r"関連記事|相关(?:阅读|新闻|文章)|延伸阅读"
)
# `Read more: Headline of another story`, `À lire aussi » ...`, `>> Headline <<`
_TEASER = re.compile(r"^(?:" + _READ_ALSO + r")\s*(?:[:»>|–—]|\.{3}|…)\s*\S.{3,200}$|^>>.{5,200}<<$")
# a heading that opens a list of other stories
_RELATED_HEADING = re.compile(r"^(?:" + _READ_ALSO + r"|(?:mehr|more|top-?themen|top stories) (?:von|auf|bei|from|on|at) .{2,40}|"
                              r"auch (?:auf|bei) \S{2,40})\s*[:?!.…]*$")

_PROMO = re.compile(
    r"newsletter|sign(?:ing)?[ -]?up\b|subscribe|subscription|subscriber|jetzt abonnieren|abonnieren sie|abonnez|"
    r"suscr[ií]b|suscripci|subskrypc|prenumer|posteingang|in your inbox|boîte (?:mail|de réception)|"
    r"e-?paper|download (?:the|our) .{0,30}app|(?:follow|folgen?|folgt|suivez|síguenos|segui) (?:us|uns|nous|the)\b|"
    r"support (?:us|our (?:work|journalism))|unterstütze (?:uns|\S+ (?:mit|bereits|jetzt))|unterstützen sie uns|donate|hazte (?:miembro|socio)|become a (?:member|subscriber)|"
    r"canal de (?:youtube|telegram|whatsapp)|(?:whatsapp|telegram)[- ]kanal|zum (?:newsletter|abo)|"
    r"(?:to )?(?:continue|keep) reading|pour (?:lire la suite|accéder)|full story|weiterlesen mit|"
    r"free trial|kostenlos testen|jetzt (?:registrieren|testen|abonnieren)|regístrate|inscrivez-vous|zapisz się")
_DISCLOSURE = re.compile(
    r"affiliate|advertiser|advertorial|sponsored|gesponsert|^\W*(?:anzeige|werbung|publicité|publicidad|reklama)\b|"
    r"enthält (?:werbung|affiliate)|werbelinks?|partnerlinks?|earn (?:a )?commission|we may (?:receive|earn)|"
    r"independent(?:ly)? (?:review|select)")
_CREDIT = re.compile(
    r"^\(?(?:photo|foto|fot\.|bild|image|picture|credit|crédits?(?: photos?)?|crédito|titelbild|beitragsbild|"
    r"headerbild|header image|featured image|imagen|immagine|zdjęcie|illustration|grafik|video)s?"
    r"(?:\s+\w+)?\s*[:©]\s*.{2,150}\)?$|^\((?:photo|foto|bild|credit|image)s?[:\s].{2,120}\)$")
_COMMENT_BOX = re.compile(
    r"eingeloggt|logged in|log in to|anmelden,? um|registriert\?|kommentar(?:e|en)? (?:schreiben|verfassen|insgesamt)|"
    r"keine kommentare|no comments|in den kommentaren|in the comments|commentaires?|be the first to comment|"
    r"leave a comment|kommentieren")

# one scan for the three kinds of call-to-action lines; the group that matched names the rule
_CALLS = re.compile("|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in
                             (("promo", _PROMO), ("disclosure", _DISCLOSURE), ("comment_box", _COMMENT_BOX))))
# `Quelle: dpa`, `Source: Reuters`, `aja/PAP`, `DCV / Oppitz`: who supplied the text or picture
_SOURCE = re.compile(r"^\(?(?:quellen?(?:angaben)?|source|sources|fuente|fonte|źródło|bildquelle|textquelle)\s*:.{0,100}$"
                     r"|^[\w.]{1,12} ?/ ?[\w.]{1,12}$")
# `Kategorie: News`, `Tags: a, b`, `Temas`
_TAGS = re.compile(r"^(?:kategorie|kategorien|category|categories|tags?|schlagw(?:ö|o)rte?r?|stichw(?:ö|o)rter|temas|"
                   r"etiquetas|mots-clés|tagi|argomenti|filed under|posted in|veröffentlicht in)\b\s*:?.{0,100}$")
# embedded-widget placeholders and buttons: `URL zum Kopieren`, `Bild anzeigen`, `Klicken Sie ..., um den Inhalt ... zu laden`
_WIDGET = re.compile(r"zum kopieren|^bild anzeigen$|^(?:mehr )?anzeigen$|button|klicken sie|click (?:here|below|the)|"
                     r"inhalt(?:e)? (?:von .{1,60} )?(?:zu )?laden|load (?:the )?(?:content|video|map)|"
                     r"enable javascript|javascript (?:aktivieren|einschalten)|wird geladen|^loading")
_SHARE_HEADING = re.compile(r"^(?:teilen mit|diesen artikel teilen|artikel teilen|share this(?: article| story| post)?|"
                            r"partager (?:cet article|sur)|compartir (?:en|este)|condividi|udostępnij)\s*:?$")
_PROSE = re.compile(r"[.!?。…\"”»)](?:\s|$)")


def _is_headline_like(p: str) -> bool:
    """A short line that reads like a link to another story, not a paragraph of running text."""
    if p.startswith("- "):
        return len(p) <= 220
    return len(p) <= 160 and len(_PROSE.findall(p)) <= 1


def paragraph_drops(paragraphs: list[str]) -> list[str | None]:
    """For each paragraph, the name of the rule that removes it, or None to keep it."""
    verdicts: list[str | None] = [None] * len(paragraphs)
    in_related = False
    for i, p in enumerate(paragraphs):
        n = len(p)
        low = p.lower()  # the patterns are lowercase: much faster than re.IGNORECASE on long alternations
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
        elif n <= 120 and _SOURCE.match(low):
            verdicts[i] = "source"
        elif n <= 120 and _TAGS.match(low):
            verdicts[i] = "tags"
        elif n <= 160 and _WIDGET.search(low):
            verdicts[i] = "widget"
        elif n <= 240 and _TEASER.match(low):
            verdicts[i] = "teaser"
        elif n <= 200 and _CREDIT.match(low):
            verdicts[i] = "credit"
        elif n <= 250:
            m = _CALLS.search(low)
            if m and (m.lastgroup != "comment_box" or n <= 150):
                verdicts[i] = m.lastgroup
    _trailing_link_list(paragraphs, verdicts)
    return verdicts


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
