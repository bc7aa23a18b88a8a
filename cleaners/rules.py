"""Named clutter rules shared by every cleaning path.

`line_rule(line)` names the rule that marks one line as clutter on its own (a share
button, a weather row, a ticker value, a copyright line ...), or gives None. It looks at
nothing but the line, so the HTML path can apply it to the paragraphs trafilatura keeps
and the text-dump path to each line of a dump. Rules are written for KINDS of clutter in
several languages, never for one site's sentence. Each kind has one vocabulary here; the
rules that need the lines around a line use these verdicts and vocabularies: the
text-dump path's (runs of bullets, ticker blocks) in `cleaners.textdump`, the HTML path's
(a related heading with its list of headlines, trailing link lists) in
`cleaners.context_rules`.
"""
from __future__ import annotations

import re

BULLET = re.compile(r"^[\s•·◦▪▫●○■□◆◇▶►▷\-–*+|]+")


def bare(line: str) -> str:
    """The line without surrounding space and leading bullet or list markers."""
    return BULLET.sub("", line).strip()


def _words(*alternatives: str) -> str:
    return "|".join(alternatives)


_MONTH = (r"(?:jan|feb|mär|mar|apr|may|mai|jun|jul|aug|sep|oct|okt|nov|dec|dez|janv|févr|avr|juil|août|"
          r"déc|ene|abr|ago|dic|gen|mag|giu|lug|set|ott)\w*")

# Words that announce other stories. A line of the first group alone is a `related` heading;
# the second group only heads a list or opens a teaser: `Read more: Headline` (`teaser` below),
# or a heading over a list of headlines (cleaners.context_rules). They are not headings for
# `line_rule` on their own because the HTML path runs `line_rule` before the context rules, and a
# heading it removed could no longer take the list under it along.
_RELATED_HEADS = (
    r"관련\s?기사|관련\s?뉴스|주요\s?뉴스|많이\s?본\s?(?:뉴스|기사)|인기\s?기사|최신\s?기사|추천\s?기사|"
    r"이\s?시각\s?(?:주요|인기)\s?뉴스|오늘의\s?(?:주요|인기)?\s?(?:뉴스|기사)|핫\s?뉴스|포토\s?뉴스|"
    r"related(?:\s+(?:articles?|stories|posts|news|content|links))?|you may also like|"
    r"(?:more|top|latest|popular|recent|trending)\s+(?:stories|news|articles|posts)|most (?:read|popular|viewed)|"
    r"read more|recommended(?: for you)?|see also|also read|"
    r"ähnliche beiträge|verwandte artikel|weitere artikel|mehr zum thema|das könnte sie auch interessieren|"
    r"articles similaires|à lire aussi|lire aussi|noticias relacionadas|artículos relacionados|"
    r"articoli correlati|leggi anche"
)
RELATED_WORDS = _RELATED_HEADS + (
    r"|함께 보면 좋은 (?:기사|뉴스)|(?:이\s?)?(?:기자의\s?)?다른\s?기사(?:\s?보기)?|"
    r"related (?:coverage|reading)|you (?:may|might) (?:also )?(?:like|enjoy|be interested(?: in)?)|"
    r"read (?:also|next)|more (?:on|about|from) (?:this|the)\b.{0,30}|don'?t miss|"
    r"recommended reading|further reading|"
    r"(?:lesen|lies) (?:sie |du )?(?:auch|mehr|hier|weiter)(?: die folgenden beiträge)?|zum weiterlesen|weiterlesen|"
    r"auch lesen|schon gelesen\??|auch interessant|interessant(?: auch)?|"
    r"mehr (?:dazu|themen|artikel|beiträge)|"
    r"weitere (?:themen|artikel|beiträge|nachrichten|meldungen|news|tipps)(?: \S+){0,4}|"
    r"empfohlene (?:beiträge|artikel)|ähnliche (?:artikel|themen)|"
    r"(?:das|dies) (?:könnte|dürfte) (?:dich|sie|euch) auch interessieren|"
    r"(?:à |a )?lire (?:également|ensuite)|a lire aussi|(?:à )?voir aussi|sur le même (?:sujet|thème)|plus d'articles|"
    r"(?:lea|lee|mira|mire|vea|ver|leia|veja) (?:también|además|más|tambem|também|mais)|(?:lea|mira|mire|lee)|"
    r"(?:te|le) puede(?:n)? interesar|puedes ver|notas relacionadas|contenido relacionado|"
    r"más (?:sobre|noticias)(?: \S+){0,4}|potrebbe interessarti|"
    r"czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)|polecamy|dowiedz się więcej|"
    r"関連記事|相关(?:阅读|新闻|文章)|延伸阅读"
)

# Each rule: (name, pattern on the bare line, longest line it may match).
_SHORT_RULES: list[tuple[str, re.Pattern, int]] = [
    ("font_size", re.compile(
        r"^(?:가장\s?작게|작게|기본|보통|크게|가장\s?크게|글자\s?크기.*|글씨\s?크기.*|본문\s?글자.*|"
        r"이 글자크기로 변경됩니다\.?|\(예시\).*|"
        r"(?:text|font)[ -]?size.*|[AaＡ][-+]|[-+][AaＡ]|schriftgr(?:ö|oe)(?:ß|ss)e.*|taille du texte.*)$",
        re.IGNORECASE), 200),
    ("share", re.compile(
        r"^(?:이 기사를 공유합니다|공유(?:하기)?|기사\s?공유|스크랩|인쇄(?:하기)?|프린트|메일\s?보내기|URL\s?복사|"
        r"링크\s?복사|카카오톡|카카오스토리|페이스북|트위터|네이버\s?블로그|밴드|"
        r"(?:share|teilen|partager|compartir|condividi)(?:\s+(?:this|on|via|it|article|story|auf|sur|en)\b.*)?|"
        r"sharen mit.*|tweet|facebook|twitter|x|linkedin|pinterest|whatsapp|telegram|reddit|e-?mail|print|"
        r"drucken|imprimer|imprimir|stampa|copy link|tumblr|pocket|xing|flipboard|"
        r"(?:(?:facebook|twitter|linkedin|pinterest|whatsapp|e-?mail|print|reddit|tumblr|xing|"
        r"카카오톡|페이스북|트위터|밴드)[\s,|/·]*){2,})$", re.IGNORECASE), 120),
    ("reaction", re.compile(
        r"^(?:좋아요|싫어요|화나요|슬퍼요|추천해요|훈훈해요|놀랐어요|후속기사\s?원해요|추가취재\s?원해요|"
        r"최고예요|감동이에요|흥미진진해요|공감|비공감|추천|반대|"
        r"likes?|dislikes?|loves?|claps?|upvotes?|reactions?|votes?|"
        r"gefällt mir|j'aime|me gusta|mi piace)\s*[:(]?\s*\d[\d,.]*\s*[kKmM]?\)?$"
        r"|^\d[\d,.]*\s*[kKmM]?\s*(?:likes?|reactions?|shares?|votes?|claps?)$",
        re.IGNORECASE), 40),
    ("weather", re.compile(
        r"^[^\d\s][^\d]{0,24}?\s*[-+−]?\d{1,2}(?:\.\d)?\s*(?:℃|℉|°\s*[CF]?)"
        r"(?:\s*/\s*[-+−]?\d{1,2}(?:\.\d)?\s*(?:℃|℉|°\s*[CF]?))?\s*\S{0,6}$"), 40),
    ("ticker", re.compile(
        r"^[▲▼△▽↑↓+\-−]?\s*\(?[+\-−]?\d[\d,]*(?:\.\d+)?\s*%?\)?$"
        r"|^[^\d]{1,25}\s+\d[\d,]*(?:\.\d+)?\s*(?:원|달러|pt|p)?\s*[▲▼△▽↑↓+\-−]\s*\d[\d,]*(?:\.\d+)?\s*"
        r"%?\s*(?:\(?[+\-−]?\d+(?:\.\d+)?%\)?)?$"), 60),
    ("ad", re.compile(
        r"^(?:ad|ads|광고|advertisement|advertising|anzeige|publicité|publicidad|pubblicità|sponsored|"
        r"sponsored content|about these ads|werbung|스폰서|AD\s?\d*)$", re.IGNORECASE), 30),
    ("comments", re.compile(
        r"^(?:댓글|댓글\s?\d+\s?개?|댓글\s?쓰기|댓글\s?보기|댓글\s?작성.*|comments?(?:\s*\(\d+\))?|\d+\s+comments?|"
        r"leave a (?:comment|reply)|post a comment|add a comment|write a comment|no comments(?: yet)?|"
        r"kommentar(?:e)?(?:\s+verfassen)?|hinterlasse einen kommentar|laisser un commentaire|"
        r"deja un comentario|lascia un commento|reply|antworten|répondre|responder|cancel reply|"
        r"antwort abbrechen|kommentar verfassen antwort abbrechen|"
        r"(?:comment|kommentar|commentaire|comentario) (?:by|von|de|di)\b.{0,60}|"
        r"\d+\s+(?:antworten|kommentare|comments|responses|replies|réponses|commentaires|comentarios|commenti|댓글)"
        r"(?:\s+(?:zu|on|to|à|a|en|su)\b.{0,80})?|"
        r"(?:schreibe?|hinterlasse|write|leave|post|laisser|deja|lascia|dejá)\b.{0,20}"
        r"(?:kommentar|comment|antwort|reply|réponse|respuesta|risposta|comentario).{0,20}|"
        r".{1,40}\s(?:sagt|says|dit|dice|schreibt|wrote)\s?:)$", re.IGNORECASE), 120),
    ("related", re.compile(r"^(?:" + _RELATED_HEADS + r")\s*:?$", re.IGNORECASE), 60),
    ("account", re.compile(
        r"^(?:로그인|로그아웃|회원가입|마이페이지|구독(?:하기)?|검색|전체\s?메뉴|메뉴|닫기|"
        r"log ?in|log ?out|sign ?in|sign ?up|sign out|register|subscribe|search|menu|close|"
        r"skip to (?:main )?content|skip navigation|springe direkt zu:?|anmelden|abmelden|registrieren|suche|"
        r"se connecter|connexion|s'inscrire|rechercher|iniciar sesión|buscar|accedi|cerca|"
        r"newsletter|back to top|nach oben|top|home|startseite|accueil|inicio)$", re.IGNORECASE), 40),
    ("prev_next", re.compile(
        r"^(?:이전\s?(?:기사|글)|다음\s?(?:기사|글)|"
        r"(?:previous|next|prev)(?:\s+(?:post|article|story|page|entry))?\s*(?:[:»›→]|$)|"
        r"(?:previous|next)\s+(?:post|article|story|entry)\b|older posts?|newer posts?|"
        r"vorheriger beitrag|nächster beitrag|vorheriger artikel|nächster artikel|"
        r"article précédent|article suivant)(?:\s*:)?.{0,120}$", re.IGNORECASE), 150),
    ("image", re.compile(
        r"^(?:\[[^\]\n]{0,40}\])+$|^(?:image|img|photo|사진|이미지|그래픽|gallery|foto|bild)\s*\d*$"
        r"|^(?:기사\s?사진|사진\s?확대|확대|이미지\s?확대|크게\s?보기|enlarge(?: image)?|view gallery)$",
        re.IGNORECASE), 60),
    ("breadcrumb", re.compile(r"^[^\s>»/|]{1,20}(?:\s*[>»›]\s*[^\s>»›]{1,20}){1,5}$"), 80),
    ("loading", re.compile(r"^(?:loading|lade|chargement|cargando|caricamento|로딩 ?중)\s*(?:\.\.\.|…)?$",
                           re.IGNORECASE), 20),
    ("like_widget", re.compile(
        r"^(?:like this|gefällt mir|j'aime ça|me gusta esto|mi piace)\s*:?$|^.{0,30}(?:bloggern|bloggers) "
        r"(?:gefällt das|like this)\s*:?$", re.IGNORECASE), 60),
    ("date_only", re.compile(r"(?i)"
        r"^(?:(?:19|20)\d\d\s*년\s*\d{1,2}\s*월\s*\d{1,2}\s*일\s*(?:\(?[월화수목금토일]\)?(?:요일)?)?|"
        r"(?:\w+,?\s+)?\d{1,2}\.?\s+" + _MONTH + r"\.?(?:\s+(?:19|20)\d\d)?|"
        r"(?:\w+,?\s+)?" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d|"
        r"(?:(?:19|20)\d\d[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./](?:19|20)?\d\d)\.?)$"), 40),
    ("form_field", re.compile(r"^.{0,40}\[\s{3,}\].*$|^\[\s?[xX✓]?\s?\]\s?\S.{0,190}$"), 200),
]

# Calls to subscribe; a short one is a `newsletter` label, a longer call a `promo` (see _PROMO below).
_SUBSCRIBE = r"newsletter|subscribe|jetzt abonnieren|abonnieren sie|abonnez|suscr[ií]b|iscriviti|구독 신청|뉴스레터"

# Short labels named by a keyword anywhere in them (patterns run on the lowercased line):
# (name, keywords, longest, most words, may end like a sentence).
_LABEL_RULES: list[tuple[str, re.Pattern, int, int, bool]] = [
    ("share", re.compile(r"\bteilen|\bshare\b|partager|compartir|condividi|udostępnij|compartilhe|\bjaa\b|공유"),
     40, 5, False),
    ("related", re.compile(
        r"related|similar|also like|also read|more (?:from|on|about|in)|"
        r"read (?:next|more|also)|recommended|popular|trending|latest (?:news|posts|articles)|top stories|"
        r"ähnliche|verwandte|weitere (?:artikel|beiträge|nachrichten|themen|news)|auch interessant|"
        r"könnte (?:dich|sie|euch) auch|lesen sie (?:auch|mehr)|mehr (?:zum|aus|von|zu)\b|aktuelle (?:artikel|beiträge|news)|"
        r"neueste (?:artikel|beiträge)|meistgelesen|meist gelesen|meistdiskutiert|meistkommentiert|empfohlen|beliebteste|"
        r"most (?:commented|shared|discussed|viewed|read)|"
        r"también|relacionad|más (?:sobre|leíd|noticias|visto)|lo más|"
        r"lire aussi|à lire|a lire|sur le même sujet|correspondants|similaires|les plus lus|"
        r"correlat|leggi anche|potrebbe interessarti|più lett|"
        r"관련\s?(?:기사|뉴스)|많이\s?본|인기\s?(?:기사|뉴스)|추천\s?(?:기사|뉴스)|최신\s?(?:기사|뉴스)|주요\s?뉴스|"
        r"関連記事|相关|推荐阅读|czytaj (?:więcej|też|także)|leia (?:mais|também)|lees ook|lue myös|"
        r"weitere meldungen"), 50, 7, False),
    ("prev_next", re.compile(r"^(?:zurück|back to|retour|volver|torna|voltar)\b|^(?:목록|목록으로|리스트)$"), 40, 5, False),
    ("comments", re.compile(r"kommentar|comment|disqus|commentaire|comentario|commento|komentarz|댓글"), 60, 6, True),
    ("share", re.compile(r"follow us\b|follow (?:the |our )?\S+(?: \S+){0,3} on (?:twitter|facebook|instagram|x|linkedin|youtube|tiktok|threads|bluesky|mastodon|telegram|whatsapp)\b|folgen sie uns|folge uns|síguenos|siguenos|suivez-nous|seguici|"
                         r"siga-nos|obserwuj nas|팔로우"), 160, 25, True),
    ("newsletter", re.compile(_SUBSCRIBE + r"|abonnier"), 90, 20, True),  # a short label may use the bare verb
    ("legal", re.compile(
        r"datenschutz|privacy|cookie|nutzungsbedingungen|terms of (?:use|service)|impressum|imprint|"
        r"\bagb\b|mentions légales|aviso legal|política de privacidad|condizioni d'uso|개인정보\s?처리방침|이용약관|"
        r"청소년\s?보호정책"), 60, 8, True),
]
_COMMENT_FORM = re.compile(
    r"will not be published|wird nicht veröffentlicht|werden nicht veröffentlicht|required fields|"
    r"erforderliche felder|pflichtfelder|champs obligatoires|campos obligatorios|campi obbligatori|"
    r"notify me of|benachrichtige mich|benachrichtigung bei|you must be logged in|"
    r"musst (?:du )?angemeldet sein|logged in to post")
_CONSENT = re.compile(r"i agree|i accept|ich akzeptiere|ich stimme|einverstanden|j'accepte|acepto|accetto|동의합니다")
_PERSONAL_DATA = re.compile(r"data|daten|privacy|datenschutz|données|datos|dati|newsletter|e-?mail|terms|bedingungen|"
                            r"개인정보|약관")
_PREV_NEXT_EDGE = ("←", "◀"), ("→", "▶")
_DIGIT_RULES = {"reaction", "weather", "ticker"}
_HAS_DIGIT = re.compile(r"\d")
_LABEL_END = re.compile(r"[.!?]$")

_COPYRIGHT = re.compile(
    r"copyright|ⓒ|©|\(c\)\s*\d{4}|저작권자|무단\s?전재|재배포\s?금지|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos reservados|tutti i diritti riservati")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_REPORTER = re.compile(r"(?:기자|특파원|reporter|correspondent|editor)", re.IGNORECASE)


_BRACKET_LABEL = re.compile(r"^\[([^\[\]\n=:/|()]{1,20})\]$")


def turn_labels(lines) -> frozenset[str]:
    """The speaker labels of a transcript (`[앵커]`, `[기자]`, `[Host]`): bracket-only lines that take
    turns, i.e. at least two different labels, one of them back a second time. A bracketed photo or
    image marker stands alone: it does not alternate with another label, so the "image" rule keeps
    dropping it. Pass the result to `line_rule(..., turns=)` for the lines of one text."""
    seen: dict[str, int] = {}
    for line in lines:
        text = bare(line)
        if _BRACKET_LABEL.match(text):
            seen[text] = seen.get(text, 0) + 1
    if len(seen) >= 2 and max(seen.values()) >= 2:
        return frozenset(seen)
    return frozenset()


def line_rule(line: str, turns: frozenset[str] = frozenset()) -> str | None:
    """The name of the rule that marks `line` as clutter on its own, or None to keep it.
    `turns` (from `turn_labels`) are the text's speaker labels, kept as their own paragraphs."""
    text = bare(line)
    if not text:
        return "blank"
    if text in turns:
        return None
    n = len(text)
    if n <= 200:
        digits = _HAS_DIGIT.search(text) is not None
        for name, pattern, longest in _SHORT_RULES:
            if n <= longest and (digits or name not in _DIGIT_RULES) and pattern.match(text):
                return name
        if n <= 150 and (text.startswith(_PREV_NEXT_EDGE[0]) or text.endswith(_PREV_NEXT_EDGE[1])):
            return "prev_next"
        if n <= 30 and (text[0] in "«‹") != (text[-1] in "»›"):  # `« Older`, `Weiter »`, not a «quote»
            return "prev_next"
        low = text.lower()
        if n <= 90:
            words = low.count(" ") + 1
            sentence = _LABEL_END.search(text) is not None
            if text.endswith("?") and words >= 4:
                words = 99  # a question of four words or more is a heading or a sentence, not a label
            for name, pattern, longest, most, end_ok in _LABEL_RULES:
                if n <= longest and words <= most and (end_ok or not sentence) and pattern.search(low):
                    if sentence and words >= 8 and _REPORTING.search(low) and not _ADDRESS.search(low):
                        break  # a sentence reporting figures ("had 53.8 million subscribers."), not a label
                    return name
        if not _cjk_only(text):  # comment-form and consent phrases outside Korean are in Latin letters
            if _COMMENT_FORM.search(low):
                return "comment_form"
            if _CONSENT.search(low) and _PERSONAL_DATA.search(low):
                return "consent"
        elif "동의합니다" in low and _PERSONAL_DATA.search(low):
            return "consent"
        if _COPYRIGHT.search(low) and (n <= 160 or text.count(".") <= 3):
            return "copyright"
        if "@" in text:
            email = _EMAIL.search(text)
            if email and (n - (email.end() - email.start()) <= 40 or _REPORTER.search(text)):
                return "signature"
    raw = line.strip()  # as written: a leading `- ` or `|` tells a list item or a table cell from a label
    if len(raw) <= 250:
        return _inline_rule(raw, len(raw))
    return None



# Rules that name a line by a word of their vocabulary somewhere in it, not by the line's whole
# shape. In a line that reads as a sentence such a word is weak evidence ("Follow the
# instructions on the box", "a shirt with four buttons", "What did the comments say?"): the HTML
# path keeps such a line when it stands among the story's paragraphs, unless more tells it is
# clutter (cleaners.context_rules). Shape rules (tickers, dates, `Read more: ...` teasers,
# `Photo: ...` credits) stay decisive anywhere.
WORD_RULES = frozenset({"share", "comments", "related", "newsletter", "legal", "comment_form", "consent",
                        "copyright", "signature", "widget", "promo", "disclosure", "comment_box"})
_SENTENCE_CLOSE = re.compile(r"[.!?。！？…][\"'”’»)\]]*(?:\s*\([^()]{1,60}\))?$")  # `... 1960s. (© Archive)`


def reads_as_sentence(line: str) -> bool:
    """A line of running text: eight words or more closed like a sentence (twenty characters
    of unspaced Chinese or Japanese), or a question of four words or more."""
    text = bare(line)
    words = len(text.split())
    if words < 3 and _CJK.search(text):
        return len(text) >= 20 and _SENTENCE_CLOSE.search(text) is not None
    if text.endswith(("?", "？")) and words >= 4:
        return True
    return words >= 8 and _SENTENCE_CLOSE.search(text) is not None


# a call that names the publisher's own channel ("sign up to our newsletter", "support us"),
# pleads, or opens with the imperative is a call wherever it stands; story sentences about
# subscriptions speak of others ("Signing up for the service takes a minute")
_OWN = re.compile(r"\b(?:(?i:our|unser\w*|uns|notre|nos|nous|nuestr[oa]s?|nostr[oaie]|nasz\w*|please|bitte|"
                  r"s'il vous plaît|por favor|per favore|prosimy)|[Uu]s)\b|"  # not "the US"
                  r"^\W*(?i:sign up|subscribe|register|join|donate|support|become a|abonnieren sie|melden sie sich|"
                  r"abonnez|inscrivez|suscríbete|zapisz się)\b")


def word_verdict(rule: str | None, line: str) -> bool:
    """Whether `rule` named `line` by a word alone in a line that reads as a sentence."""
    if rule not in WORD_RULES or not reads_as_sentence(line):
        return False
    return not (rule in ("promo", "newsletter") and _OWN.search(line))

# --- Clutter publishers put inside the article container, between its paragraphs: teasers
# for other stories, subscription and follow calls, advertising disclosures, photo and text
# credits, tags, widget placeholders, comment-box prompts. Patterns run on the lowercased line.

# `Read more: Headline of another story`, `À lire aussi » ...`, `>> Headline <<`
_TEASER = re.compile(r"^(?:" + RELATED_WORDS + r")\s*(?:[:»>|–—]|\.{3}|…)\s*\S.{3,200}$|^>>.{5,200}<<$")
_PROMO = re.compile(
    _SUBSCRIBE + r"|sign(?:ing)?[ -]?up\b|subscription|subscriber|suscripci|subskrypc|prenumer|posteingang|in your inbox|boîte (?:mail|de réception)|"
    r"e-?paper|download (?:the|our) .{0,30}app|(?:follow|folgen?|folgt|suivez|síguenos|segui) (?:us|uns|nous)\b|"
    r"support (?:us|our (?:work|journalism))|unterstütze (?:uns|\S+ (?:mit|bereits|jetzt))|unterstützen sie uns|"
    r"donate|hazte (?:miembro|socio)|become a (?:member|subscriber)|"
    r"canal de (?:youtube|telegram|whatsapp)|(?:whatsapp|telegram)[- ]kanal|zum (?:newsletter|abo)|"
    r"(?:to )?(?:continue|keep) reading|pour (?:lire la suite|accéder)|full story|weiterlesen mit|"
    r"free trial|kostenlos testen|jetzt (?:registrieren|testen|abonnieren)|regístrate|inscrivez-vous|zapisz się")
_DISCLOSURE = re.compile(
    r"affiliate|advertiser|advertorial|sponsored|gesponsert|^\W*(?:anzeige|werbung|publicité|publicidad|reklama)\b|"
    r"enthält (?:werbung|affiliate)|werbelinks?|partnerlinks?|earn (?:a )?commission|we may (?:receive|earn)|"
    r"independent(?:ly)? (?:review|select)")
_COMMENT_BOX = re.compile(
    r"eingeloggt|logged in|log in to|anmelden,? um|registriert\?|kommentar(?:e|en)? (?:schreiben|verfassen|insgesamt)|"
    r"keine kommentare|no comments|in den kommentaren|in the comments|commentaires?|be the first to comment|"
    r"leave a comment|kommentieren")
# one scan for the three kinds of call-to-action lines; the group that matched names the rule
_CALLS = re.compile("|".join(f"(?P<{name}>{pattern.pattern})" for name, pattern in
                             (("promo", _PROMO), ("disclosure", _DISCLOSURE), ("comment_box", _COMMENT_BOX))))
_CREDIT = re.compile(
    r"^\(?(?:photo|foto|fot\.|bild|image|picture|credit|crédits?(?: photos?)?|crédito|titelbild|beitragsbild|"
    r"headerbild|header image|featured image|imagen|immagine|zdjęcie|illustration|grafik|video)s?"
    r"(?:\s+\w+)?\s*[:©]\s*.{2,150}\)?$|^\((?:photo|foto|bild|credit|image)s?[:\s].{2,120}\)$")
# `Quelle: dpa`, `Source: Reuters`, `aja/PAP`, `DCV / Oppitz`: who supplied the text or picture
_SOURCE = re.compile(r"^\(?(?:quellen?(?:angaben)?|source|sources|fuente|fonte|źródło|bildquelle|textquelle)\s*:.{0,100}$"
                     r"|^[\w.]{1,12} ?/ ?[\w.]{1,12}$")
# `Kategorie: News`, `Tags: a, b`, `Temas`
_TAGS = re.compile(r"^(?:kategorie|kategorien|category|categories|tags?|schlagw(?:ö|o)rte?r?|stichw(?:ö|o)rter|temas|"
                   r"etiquetas|mots-clés|tagi|argomenti|filed under|posted in|veröffentlicht in)\b\s*:?.{0,100}$")
# embedded-widget placeholders and buttons: `URL zum Kopieren`, `Bild anzeigen`, `Klicken Sie ..., um den Inhalt ... zu laden`
_WIDGET = re.compile(r"zum kopieren|^bild anzeigen$|^(?:mehr )?anzeigen$|^\W*(?:\S+ ){0,3}button\W*$|(?:click|press|tap|hit|use) (?:on )?(?:the |this |that )?(?:\S+ )?button\b|klicken sie|click (?:here|below|the)|"
                     r"inhalt(?:e)? (?:von .{1,60} )?(?:zu )?laden|load (?:the )?(?:content|video|map)|"
                     r"enable javascript|javascript (?:aktivieren|einschalten)|wird geladen|^loading")


# Cheap pre-checks before the long scans, for Korean (and Chinese, Japanese) lines: every word the
# scans look for outside these scripts is written with three Latin letters in a row, small ones
# in running text, which such lines lack (their acronyms, `KT`, `IPTV`, are capitals;
# `raw.upper()` finds a line without small letters without a scan). For them a teaser needs its
# mark, a source its colon or slash, and the Korean calls are two fixed words.
_LATIN = re.compile(r"[a-zß-ÿ]{3}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


def _cjk_only(text: str) -> bool:
    """A Korean (Chinese, Japanese) line with no run of three small Latin letters."""
    return (text == text.upper() or _LATIN.search(text) is None) and _CJK.search(text) is not None


def _inline_rule(raw: str, n: int) -> str | None:
    """The in-article kinds above, for a line of at most 250 characters."""
    if _cjk_only(raw):
        if (":" in raw or ">" in raw or "»" in raw or "|" in raw or "…" in raw or "..." in raw or "–" in raw
                or "—" in raw) and _TEASER.match(raw.lower()):
            return "teaser"
        if n <= 120 and (":" in raw or "/" in raw) and _SOURCE.match(raw.lower()):
            return "source"
        return "promo" if "뉴스레터" in raw or "구독 신청" in raw else None
    low = raw.lower()
    if n <= 120:
        if _SOURCE.match(low):
            return "source"
        if _TAGS.match(low):
            return "tags"
    if n <= 160 and _WIDGET.search(low):
        return "widget"
    if _TEASER.match(low):
        return "teaser"
    if n <= 200 and _CREDIT.match(low):
        return "credit"
    m = _CALLS.search(low)
    if m and (m.lastgroup != "comment_box" or n <= 150) and not _narration(low, m.start()):
        return m.lastgroup
    return None


# Reporting cues and figures: a sentence that carries them tells of subscriptions, sponsors or
# donations ("subscription revenue grew 12%"); a call to action asks the reader for them.
_REPORTING = re.compile(r"\d|\b(?:said|says|told|reported|according|announced|percent|million|billion|"
                        r"sagte|erklärte|laut|teilte|a déclaré|selon|dijo|según|ha detto|secondo)\b")


# A call speaks to the reader; the story's narration does not.
_ADDRESS = re.compile(r"\b(?:please|you|your|our|us|sie|ihr|dein|unser|vous|votre|nous|usted|tu|nuestro)\b")


def _narration(low: str, at: int) -> bool:
    """A sentence of the story that happens to name a call's word inside it (not opening it,
    nor opening a sentence of its own: "... from 2019. Subscription renews annually.")."""
    return (at > 10 and len(low.split()) >= 8 and low.rstrip()[-1:] in '.!?"”»'
            and not low[:at].rstrip().endswith((".", "!", "?", ":"))
            and _REPORTING.search(low) is not None and _ADDRESS.search(low) is None)
