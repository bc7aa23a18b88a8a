"""Metadata found in plain text: date stamps, bylines and the outlet a page belongs to.

Shared by the text-dump path and the generic HTML path, so a byline or a stamp is read
the same way whether it came from a tag or from a line of a saved text page. Korean
news pages write their own conventions (`승인 2022.05.02 02:14`, `[서울=뉴시스]홍길동 기자 =`),
which is what most of the patterns here are for; English ones are handled where cheap.
"""
from __future__ import annotations

import re
from functools import lru_cache
from datetime import datetime, timedelta, timezone

from .rules import line_rule

KST = timezone(timedelta(hours=9), "KST")

_TZ_NAMES = {"KST": KST, "UTC": timezone.utc, "GMT": timezone.utc, "Z": timezone.utc}

_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
# month names of other languages, by their first three (or four, where three are shared) letters
_MONTHS.update({"mär": 3, "mai": 5, "okt": 10, "dez": 12, "fév": 2, "avr": 4, "juin": 6, "juil": 7, "aoû": 8,
                "déc": 12, "ene": 1, "abr": 4, "ago": 8, "dic": 12, "gen": 1, "mag": 5, "giu": 6, "lug": 7,
                "set": 9, "ott": 10})
# Russian, Polish and Greek month names (their genitive forms, as dates write them) by their first letters
_MONTHS.update({m: i for i, names in enumerate([
    ("янв", "sty", "ιαν"), ("фев", "lut", "φεβ"), ("мар", "μαρ"), ("апр", "kwi", "απρ"), ("мая", "май", "maj", "μαΐ", "μαι"),
    ("июн", "cze", "ιουν"), ("июл", "lip", "ιουλ"), ("авг", "sie", "αυγ"), ("сен", "wrz", "σεπ"),
    ("окт", "paź", "paz", "οκτ"), ("ноя", "lis", "νοε", "νοέ"), ("дек", "gru", "δεκ")], 1) for m in names})

# 2022-05-02T14:14:00+09:00, 2022.05.02 02:14, 2022/5/2 14:14:05, 2022. 5. 2. 오후 2:14
_NUMERIC = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})(?!\d)\.?"
    r"(?:(?:T|,?\s*(?:\([^)\d]{1,3}\)|[월화수목금토일]요일)?\s*)"
    r"(?P<ampm1>오전|오후|[AaPp]\.?[Mm]\.?)?\s*"
    r"(?P<H>\d{1,2})\s*[:시]\s*(?P<M>\d{2})(?:\s*[:분]\s*(?P<S>\d{2})(?:\.\d+)?)?\s*초?)?"
    r"(?:\s*(?P<ampm2>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"
    r"(?:\s*(?P<tz>Z(?![A-Za-z])|[+-]\d{2}:?\d{2}|KST|UTC|GMT)(?:(?P<tzoff>[+-]\d{1,2})(?::?(?P<tzoffm>\d{2}))?)?)?")
# 17.01.2021, 17/01/2021 14:30: day first (a month over 12 in the first place reads month first)
_DAY_FIRST = re.compile(
    r"(?<![\d.\-])(?P<d>\d{1,2})\s*(?P<sep>[./\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d\d)(?![\d.]\d)"
    r"(?:,?\s*(?:um\s+|à\s+|at\s+|a las\s+|alle\s+)?(?P<H>\d{1,2})\s*[:h]\s*(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm2>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?)?"
    r"(?:\s*(?P<tz>KST|UTC|GMT))?")
# 2022년 5월 2일 (월) 오후 2:14 / 2022년 5월 2일 14시 14분
_KOREAN = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*[년年]\s*(?P<m>\d{1,2})\s*[월月]\s*(?P<d>\d{1,2})\s*[일日]"
    r"(?:\s*(?:\([^)]{1,3}\)|[월화수목금토일]요일))?"
    r"(?:\s*(?P<ampm1>오전|오후)?\s*(?P<H>\d{1,2})\s*[:시时]\s*(?P<M>\d{1,2})?(?:\s*[:분分]\s*(?P<S>\d{2}))?)?")
# May 2, 2022 2:14 PM / 2 May 2022 14:14
_ENGLISH = re.compile(
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?(?P<mon1>[^\W\d_]{3,10})\.?,?\s+(?:de\s+)?"
    r"(?P<y1>(?:19|20)\d\d)"
    r"|(?P<mon2>[^\W\d_]{3,10})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d))"
    r"(?:\s*[,|]?\s*(?:at\s+|um\s+|в\s+)?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s*(?P<ampm2>[AaPp]\.?[Mm]\.?)?)?"
    r"(?:\s*(?P<tz>KST|UTC|GMT))?")


_COMPACT = re.compile(r"((?:19|20)\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?")


def _hour(hour: int, ampm: str | None) -> int:
    if not ampm:
        return hour
    pm = ampm.startswith("오후") or ampm[0] in "Pp"
    if pm and hour < 12:
        return hour + 12
    if not pm and hour == 12:
        return 0
    return hour


def _tz(name: str | None, off: str | None, offm: str | None, default_tz):
    if name in _TZ_NAMES:
        tz = _TZ_NAMES[name]
        if off:  # GMT+9, UTC+09:00
            sign = -1 if off[0] == "-" else 1
            tz = timezone(sign * timedelta(hours=int(off[1:]), minutes=int(offm or 0)))
        return tz
    if name:
        sign = -1 if name[0] == "-" else 1
        digits = name[1:].replace(":", "")
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))
    return default_tz


def _build(y, m, d, H, M, S, ampm, tz):
    try:
        return datetime(int(y), int(m), int(d), _hour(int(H or 0), ampm), int(M or 0), int(S or 0), tzinfo=tz)
    except (ValueError, OverflowError):
        return None


def parse_time(text: str | None, default_tz=KST, month_first: bool | None = None) -> datetime | None:
    """The first date (with its time, if written) found in `text`, timezone-aware.

    A written offset or zone name wins; otherwise `default_tz` (Korean time by default,
    pass None for a naive result). A numeric `1/9/2012` is read day first unless
    `month_first` says the page writes the month first (see `numeric_order`); a value over
    12 decides either way."""
    if not text:
        return None
    compact = _COMPACT.fullmatch(text.strip())
    if compact:  # `20260321214325`: a whole value of digits, as Daum's og:regDate writes it
        return _build(*compact.groups(), None, default_tz)
    text = text[:2000]
    found = []
    for pattern in (_NUMERIC, _KOREAN):
        m = pattern.search(text)
        if m:
            g = m.groupdict()
            ampm = g.get("ampm1") or g.get("ampm2")
            tz = _tz(g.get("tz"), g.get("tzoff"), g.get("tzoffm"), default_tz)
            dt = _build(g["y"], g["m"], g["d"], g.get("H"), g.get("M"), g.get("S"), ampm, tz)
            if dt:
                found.append((m.start(), dt))
    m = _DAY_FIRST.search(text)
    if m:
        g = m.groupdict()
        d, mo = g["d"], g["m"]
        if (int(mo) > 12 >= int(d)) or (month_first and int(d) <= 12):  # 01/17/2021, or a US page
            d, mo = mo, d
        ampm = g.get("ampm2")
        dt = _build(g["y"], mo, d, g.get("H"), g.get("M"), g.get("S"), ampm, _tz(g.get("tz"), None, None, default_tz))
        if dt:
            found.append((m.start(), dt))
    m = _ENGLISH.search(text)
    while m:
        g = m.groupdict()
        name = (g["mon1"] or g["mon2"] or "").lower()
        mon = _MONTHS.get(name[:4]) or _MONTHS.get(name[:3])
        if mon:
            tz = _tz(g.get("tz"), None, None, default_tz)
            dt = _build(g["y1"] or g["y2"], mon, g["d1"] or g["d2"], g["H"], g["M"], g["S"], g["ampm2"], tz)
            if dt:
                found.append((m.start(), dt))
            break
        m = _ENGLISH.search(text, m.start() + 1)
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1]


_STAMP_LABELS = {
    "published": ["기사입력", "입력", "승인", "등록", "게재", "발행", "송고", "작성", "작성일", "등록일", "입력일",
                  "기사승인", "Published", "Posted", "Date", "Created", "Publié le", "Publié", "Veröffentlicht",
                  "Veröffentlichung", "Erstellt", "Datum", "Publicado", "Pubblicato", "Publication", "Published on",
                  "Posted on", "Publikacja", "Opublikowano", "Dodano", "Опубликовано", "Дата публикации",
                  "Δημοσιεύθηκε", "Δημοσίευση", "发布时间", "发表时间", "發布時間"],
    "modified": ["최종수정", "수정", "업데이트", "기사수정", "수정일", "Updated", "Last updated", "Modified",
                 "Last modified", "Aktualisiert", "Zuletzt aktualisiert", "Stand", "Mis à jour", "Actualizado",
                 "Aggiornato", "Aktualizacja", "Ostatnia aktualizacja", "Обновлено", "Ενημέρωση", "更新时间", "更新時間"],
}
_LABEL_KIND = {label.lower(): kind for kind, labels in _STAMP_LABELS.items() for label in labels}
_STAMP = re.compile(
    r"(?<![^\W\d_자원터])(" + "|".join(sorted((re.escape(k) for k in _LABEL_KIND), key=len, reverse=True))
    + r")(?:\s*(?:on|at|am|le|el|il|일시|시간|날짜))?\s*[:：]?\s*(?=[^\W_]|\()", re.IGNORECASE)
_BULLET = re.compile(r"^[\s•·*\-–▲▶►|]+")
_DIGIT = re.compile(r"\d")


# A label opens the line, follows a separator or a digit (`15:30수정 2023...`), or is glued to the
# reporter's role that closes a byline (`김현수 기자입력 2023...`); not the tail of a longer word
# (`Bestand`). The pattern's one lookbehind lets through a label after a role's last syllable;
# the role itself is checked on those few matches (cheaper than a lookbehind per role).
_GLUED_AFTER = ("기자", "특파원", "위원", "에디터")


def _label_starts(line: str, at: int) -> bool:
    return at == 0 or line[at - 1] not in "자원터" or line.endswith(_GLUED_AFTER, 0, at)


def stamps(line: str, month_first: bool | None = None) -> list[tuple[str, datetime]]:
    """Every labelled stamp in a line: `입력 2022.05.02 02:14 | 수정 2022.05.03` gives two."""
    out = []
    if len(line) > 300 or not _DIGIT.search(line):
        return out
    matches = [m for m in _STAMP.finditer(line) if _label_starts(line, m.start())]
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        dt = parse_time(line[m.end():end], month_first=month_first)
        if dt is not None:
            out.append((_LABEL_KIND[m.group(1).lower()], dt))
    return out


def page_zone(when: datetime | None, korean: bool) -> datetime | None:
    """A time in the page's zone: one read without a written zone (KST by `parse_time`'s
    default) is Korean time on a Korean page and UTC on any other. The one place every path
    makes that call."""
    if when is None or korean or when.tzinfo is not KST:
        return when
    return when.replace(tzinfo=timezone.utc)


def shown_time(declared: datetime | None, shown: datetime | None) -> datetime | None:
    """The published time to keep when a page declares one for machines (a meta tag, JSON-LD,
    a data attribute) and prints one for its readers (`입력 2026.03.21. 19:42`).

    The printed time is what readers see, so it wins whenever the two disagree: a declared
    time that is the draft's creation (earlier than the printed 입력), or a UTC time labelled
    +09:00 (nine hours off). The declared time is kept where it agrees with the printed one to
    the minute (it carries the seconds the page does not print), or, when the page prints only
    a day (an archive's print date, read as 00:00), where it falls on that day in the printed
    time's zone. A declared time off by whole hours (a wrong offset) that then agrees to the
    minute lends its seconds."""
    if declared is None or shown is None:
        return declared or shown
    if declared.tzinfo is None or shown.tzinfo is None:
        return declared
    if shown.time() == datetime.min.time():  # the page prints a day only
        return declared if declared.astimezone(shown.tzinfo).date() == shown.date() else shown
    if abs((declared - shown).total_seconds()) < 60 and declared.minute == shown.astimezone(declared.tzinfo).minute:
        return declared
    hours = round((shown - declared).total_seconds() / 3600)
    shifted = declared + timedelta(hours=hours)  # an offset written wrong moves the time by whole hours
    if 0 < abs(hours) <= 14 and shifted.astimezone(shown.tzinfo).replace(second=0, microsecond=0) == shown:
        return shifted.astimezone(shown.tzinfo)
    return shown


# Where a page gives no unambiguous date, who writes the month first: the United States (and
# the Philippines); everyone else writing numeric dates puts the day first.
_MONTH_FIRST_REGIONS = frozenset(("us", "ph", "fm", "mh", "pw"))
_MONTH_FIRST_TLDS = frozenset(("us", "gov", "mil", "edu"))
_GENERIC_TLDS = frozenset(("com", "net", "org", "info", "biz", "io", "co", "tv", "me", "news", "online", "site"))


def numeric_order(lang: str | None, host: str | None, texts=()) -> bool | None:
    """Whether numeric dates like `1/9/2012` on a page put the month first (True), the day
    first (False), or nothing says (None, read day first).

    Evidence in order: the page's own unambiguous dates (`1/19/2012` or `19/1/2012`), the
    region of its declared language (`en-US`, `en-GB`), its host's country domain, and last
    English on a generic domain, which is most often American."""
    month = day = 0
    for text in texts:
        for m in _DAY_FIRST.finditer(text):
            a, b = int(m.group("d")), int(m.group("m"))
            if a <= 12 < b <= 31:
                month += 1
            elif b <= 12 < a <= 31:
                day += 1
    if month != day:
        return month > day
    parts = [p.lower() for p in re.split(r"[-_]", (lang or "").strip()) if p]
    if len(parts) > 1 and re.fullmatch(r"[a-z]{2}", parts[1]):
        return parts[1] in _MONTH_FIRST_REGIONS
    tld = (host or "").rsplit(".", 1)[-1].lower() if host and "." in host else ""
    if tld in _MONTH_FIRST_TLDS:
        return True
    if re.fullmatch(r"[a-z]{2}", tld) and tld not in _GENERIC_TLDS:
        return False
    if parts and parts[0] == "en":
        return True
    return None


def stamp(line: str) -> tuple[str, datetime] | None:
    """('published' | 'modified', time) for a labelled stamp line like `승인 2022.05.02 02:14`."""
    found = stamps(line)
    return found[0] if found else None


_NAME = r"[가-힣]{2,4}"
_ROLE = r"(?:(?:수석|선임|객원|전문|인턴|사진|영상|취재|편집|명예)?기자|특파원|논설위원|칼럼니스트|통신원|리포터|에디터|PD)"
# [서울=뉴시스]윤정민 기자 =  /  [이지경제=정윤서 기자]  /  (서울=연합뉴스) 홍길동 기자 =
_CREDIT = re.compile(r"^\s*[\[(【〔][^\]\)】〕=]{0,20}=\s*(?P<names>[가-힣·,\s]{2,40}?)\s*" + _ROLE
                     + r"\s*[\])】〕]?|^\s*[\[(【〔][^\]\)】〕]{1,20}[\])】〕]\s*(?P<names2>[가-힣·,\s]{2,40}?)\s*"
                     + _ROLE + r"\s*=")
_KO_BYLINE = re.compile(r"(?P<names>" + _NAME + r"(?:\s*[·,/]\s*" + _NAME + r")*)\s?" + _ROLE + r"(?![가-힣])")
_EN_BYLINE = re.compile(r"^\s*(?:[Bb]y|BY|Von|Par|Por|Di)\s+(?P<names>[A-ZÀ-Ý][\w.'\-]+(?:\s+[A-ZÀ-Ý][\w.'\-]*){0,3}"
                        r"(?:\s*(?:,|and|&|und|et|y|e)\s+[A-ZÀ-Ý][\w.'\-]+(?:\s+[A-ZÀ-Ý][\w.'\-]*){0,3})*)")
_BYLINE_HINT = re.compile(_ROLE + r"|\b(?:[Bb]y|BY|Von|Par|Por|Di)\s|^[A-ZÀ-Ý][\w.'\-]+(?:\s+[A-ZÀ-Ý][\w.'\-]+){1,3}\s*[,|/]")
_OTHERS = re.compile(r"\s*(?:외|등)\s*\d+\s*(?:명|인)\s*$")
# `Jane Doe, Reuters` / `Jane Doe | AP`: a name and the wire that sent the story
_EN_WIRE_BYLINE = re.compile(r"^(?P<name>[A-ZÀ-Ý][\w.'\-]+(?:\s+[A-ZÀ-Ý][\w.'\-]+){1,3})\s*[,|/]\s*(?P<outlet>[\w .\-]{2,30})$")
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


# `[OSEN=대전, 이상학 기자]`: inside a wire credit, what stands before the comma is where the story
# was filed (a dateline), not a reporter; several reporters are joined by `·`, not by a comma here.
_CREDIT_DATELINE = re.compile(r"^\s*[^,·/=]{1,15}?\s*,\s*(?=[가-힣])")


def _split_names(names: str) -> list[str]:
    return [n for n in re.split(r"\s*[·,/]\s*|\s+", names.strip()) if re.fullmatch(_NAME, n) and not is_desk(n)]


# A desk, a team or the outlet itself signs many stories; none of them is a reporter.
_DESK = re.compile(
    r"(?:뉴스|취재|편집|보도|디지털|온라인|사회|정치|경제|산업|국제|문화|스포츠|연예|사진|영상|인터넷|모바일|기획|특별|"
    r"전국|지역|증권|금융|IT|웹)(?:팀|부|센터|국)$|(?:뉴스팀|뉴스부|취재팀|취재부|취재반|편집국|보도국|데스크|뉴스센터)$"
    r"|(?:뉴스|일보|신문|방송|닷컴|통신|저널|타임스|경제|미디어|투데이|데일리|코리아|TV)$|^(?:뉴스|기자|속보|단독|종합)$"
    r"|^(?:staff|staff writers?|staff reporters?|news desk|web desk|newsroom|editorial board|editors?|agenc(?:y|ies)|"
    r"wire services?|reuters|associated press|the associated press|ap|afp|agence france-presse|bloomberg|dpa|efe|ansa|"
    r"press association|pa|pti|ians|xinhua|yonhap|kyodo|bbc news|cnn|upi|tass|ria novosti|interfax)$", re.I)
_ROLE_TAIL = re.compile(r"\s*(?:" + _ROLE + r"|선임기자|대기자)\s*$")
_WIRE_HEAD = re.compile(r"^\s*[\[(【〔]?[^\]\)】〕=]{0,20}=\s*")


def is_desk(name: str) -> bool:
    """Whether a byline name is a desk, a team or an outlet (`온라인뉴스팀`, `연합뉴스`, `Reuters`),
    not a person: such names are not authors."""
    name = " ".join(name.split()).strip(" .,")
    return bool(name) and (bool(_DESK.search(name)) or name in outlets()[0])


def clean_author(name: str | None) -> str | None:
    """One author as a bare name: without the wire prefix (`스포츠조선=`), the role
    (`기자`), e-mail addresses and brackets; None for a desk or the outlet."""
    if not name:
        return None
    name = _EMAIL.sub("", name)
    name = re.sub(r"[\[\](){}【】〔〕<>]", " ", name)
    wired = _WIRE_HEAD.match(name)
    if wired:  # `OSEN=대전, 이상학 기자`: the place after the wire is a dateline
        name = _CREDIT_DATELINE.sub("", name[wired.end():])
    name = re.sub(r"^(?:[Bb]y|BY)\s+", "", name)
    name = _ROLE_TAIL.sub("", " ".join(name.split())).strip(" =,;:|/-·")
    if not name or len(name) > 60 or is_desk(name) or not re.search(r"[^\W\d_]", name):
        return None
    return name


def merge_authors(*groups) -> list[str]:
    """Authors from every source, each person once: `스포츠조선=선수민 기자` and `선수민` are one."""
    out: list[str] = []
    keys: set[str] = set()
    for group in groups:
        for raw in group or []:
            name = clean_author(raw)
            key = name and name.casefold()
            if name and key not in keys:
                keys.add(key)
                out.append(name)
    return out


def byline_authors(line: str, bare: bool = False) -> list[str]:
    """Author names in a byline, without the 기자 suffix: `정윤서 기자`, `[서울=뉴시스]윤정민 기자 =`,
    `[이지경제=정윤서 기자]`, `뉴스웨이 이어진 기자`, `홍길동 기자 news@x.com`, `By Jane Doe`.

    A long line only counts when it opens with a wire credit, so prose that mentions
    reporters (`기자들을 만나`) is not read as a byline. `bare` is for the text of a byline
    element, where a name alone (`김이영`, `김이영·홍길동`) is the reporter's."""
    if bare and line and _BARE_NAMES.fullmatch(line.strip()):
        return _split_names(line)
    if not line or not _BYLINE_HINT.search(line[:400]):
        return []
    line = _BULLET.sub("", line[:400])
    m = _CREDIT.match(line)
    if m:
        if m.group("names"):  # [WIRE=PLACE, NAME 기자]
            return _split_names(_CREDIT_DATELINE.sub("", m.group("names")))
        return _split_names(m.group("names2"))
    short = re.sub(r"[(\[<]\s*[)\]>]", "", _EMAIL.sub("", line)).strip()
    short = _OTHERS.sub("", short)  # `홍길동 기자 외 1명`: the others are not named
    if len(short) <= 40:
        m = _KO_BYLINE.search(short)
        if m and not short[m.end():].strip(" =]|/·-").strip():  # the role closes the line
            return _split_names(m.group("names"))
        m = _EN_BYLINE.match(short)
        if m:
            names = re.split(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b|\be\b)\s*", m.group("names"))
            return [n.strip() for n in names if n.strip() and len(n.split()) >= 2 and not is_desk(n.strip())]
    m = _EN_WIRE_BYLINE.match(line.strip())
    if m and is_desk(m.group("outlet")):
        return [m.group("name")]
    return []


_BARE_NAMES = re.compile(_NAME + r"(?:\s*[·,/]\s*" + _NAME + r")*")
_EMAIL_TAIL = r"(?:\s*\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?)"
# A byline that closes a paragraph, after the sentence's end, with or without a space:
# `...했다.부산=홍길동 기자 hong@x.com`, `...했다. 홍길동기자 hong@x.com`, `...했다.[홍길동 기자]`,
# `...했다. 홍길동 hong@x.com`. The sentence's end before it keeps prose that names a reporter out.
_CLOSING_BYLINE = re.compile(
    r"(?P<end>[.!?。…\"”’'\)\]])\s*(?P<credit>[\[(【]?\s*(?:[가-힣]{1,8}\s*=\s*)?(?P<names>" + _NAME
    + r"(?:\s*[·,]\s*" + _NAME + r")*)\s?(?:" + _ROLE + _EMAIL_TAIL + r"?|" + _EMAIL_TAIL
    + r")\s*[\])】]?)\s*\|?\s*$")  # a table cell's closing bar, as a layout table's text row ends
# Who writes an op-ed: `홍길동 한국대 경제학과 교수`, `글=홍길동 ○○연구소장`, as a deck line or the
# signature that closes the piece. The last word is a position, so a headline is not read as one.
_POSITION = (r"(?:교수|명예교수|소장|연구소장|원장|대표|이사장|이사|회장|위원장|위원|연구위원|연구원|변호사|변리사|"
             r"회계사|세무사|박사|의원|총장|학장|작가|소설가|시인|평론가|칼럼니스트|전문의|센터장|대사|장관|목사|신부|스님|"
             r"前\s?\S{1,8}|전\s\S{1,8})")
_CONTRIBUTOR = re.compile(r"^[〈<\[(]?\s*(?:글\s*[=:]\s*)?(?P<name>" + _NAME + r")\s+(?:\S{1,15}\s+){0,4}?\S{0,12}?"
                          + _POSITION + r"\s*[〉>\])]?\.?$")
_OPINION_TAG = re.compile(r"^\s*[\[(【〈<]\s*(?:특별\s?)?(?:기고|칼럼|시론|시평|논단|기고문|독자\s?투고|발언대|오피니언|"
                          r"기명\s?칼럼|데스크\s?칼럼|객원\s?칼럼|전문가\s?칼럼|포럼)")


def closing_byline(paragraph: str) -> tuple[list[str], str]:
    """(names, the paragraph without them) for a byline glued to a paragraph's last sentence;
    ([], paragraph) when none closes it."""
    m = _CLOSING_BYLINE.search(paragraph[-120:]) if len(paragraph) > 2 else None
    if m is None:
        return [], paragraph
    names = _split_names(m.group("names"))
    if not names:
        return [], paragraph
    cut = len(paragraph) - len(paragraph[-120:]) + m.start("credit")
    return names, paragraph[:cut].rstrip()


def split_byline(line: str) -> list[str]:
    """A line whose last sentence has a byline glued to it, as two lines: the prose and the
    byline (`...했다.부산=홍길동 기자 hong@x.kr` → `...했다.`, `부산=홍길동 기자 hong@x.kr`), so
    every path drops and reads the byline as it does one on a line of its own, and keeps the
    sentence (which a rule about e-mail lines would otherwise take with it)."""
    names, rest = closing_byline(line)
    if not names or len(rest) < 10:
        return [line]
    return [rest, line[len(rest):].strip()]


def _opens_story(line: str) -> bool:
    """A wire credit with the story's first words after it (`[서울=뉴시스]홍길동 기자 = 짧은 글.`)."""
    m = _CREDIT.match(line)
    return bool(m and line[m.end():].strip(" =]"))


def contributor(line: str) -> str | None:
    """The writer an op-ed names in a deck line or its closing signature (`홍길동 한국대 교수`)."""
    line = " ".join(line.split())
    m = _CONTRIBUTOR.match(line) if len(line) <= 50 else None
    return m.group("name") if m and not is_desk(m.group("name")) else None


def body_bylines(paragraphs: list[str], title: str | None = None,
                 deck: list[str] = ()) -> tuple[list[str], list[str], list[str]]:
    """(authors, paragraphs, what was cut) from the bylines a story's own text carries: a wire
    credit opening the lead (kept: it is part of the sentence), a byline glued to the last
    sentence or standing alone as the last line (cut), and the contributor an op-ed names in
    its deck or a closing signature (the signature, also read where nothing else named a
    writer, is cut). One place for every
    path (site profiles, the generic HTML path, text dumps), so each reads bylines alike."""
    authors: list[str] = []
    cut: list[str] = []
    paragraphs = list(paragraphs)
    if paragraphs:
        authors.extend(byline_authors(paragraphs[0]) if _CREDIT.match(paragraphs[0][:100]) else [])
    for i in range(len(paragraphs) - 1, max(len(paragraphs) - 3, -1), -1):  # the last lines: a byline, then e-mail
        names, rest = closing_byline(paragraphs[i])
        if not names and len(paragraphs[i]) <= 60 and not _opens_story(paragraphs[i]):
            names, rest = byline_authors(paragraphs[i]), ""
        if not names:
            if _EMAIL.fullmatch(paragraphs[i].strip()) is None:
                break
            continue
        authors.extend(n for n in names if n not in authors)
        cut.append(paragraphs[i][len(rest):].strip())
        cut.extend(paragraphs[i + 1:])  # the e-mail lines under it
        paragraphs[i:] = [rest] if rest else []
        break
    opinion = bool(title and _OPINION_TAG.match(title))
    if opinion:  # a news story's deck may name its subject so; an op-ed's names its writer
        for line in deck:
            name = contributor(line)
            if name and name not in authors:
                authors.append(name)
    if opinion or not authors:
        if paragraphs:
            name = contributor(paragraphs[-1])
            if name:
                if name not in authors:
                    authors.append(name)
                cut.append(paragraphs.pop())
    return authors, paragraphs, cut


# The small table of Korean outlets whose name, not domain, is what a page shows; the sites of
# the registry add theirs (Site.outlet), see outlets().
OUTLETS = {
    "뉴시스": "newsis.com", "연합뉴스": "yna.co.kr", "뉴스1": "news1.kr",
    "머니투데이": "mt.co.kr", "한국경제": "hankyung.com", "매일경제": "mk.co.kr", "조선일보": "chosun.com",
    "중앙일보": "joongang.co.kr", "동아일보": "donga.com", "한겨레": "hani.co.kr", "경향신문": "khan.co.kr",
    "서울경제": "sedaily.com", "아시아경제": "asiae.co.kr", "헤럴드경제": "heraldcorp.com",
    "파이낸셜뉴스": "fnnews.com", "이데일리": "edaily.co.kr", "노컷뉴스": "nocutnews.co.kr",
    "아이뉴스24": "inews24.com", "전자신문": "etnews.com", "디지털타임스": "dt.co.kr",
}
# News portals that frame a partner's article in their own page: where the portal's own notices or
# branding show, the page is the portal's, whatever wire or partner wrote the article.
PORTALS = {"다음뉴스": "v.daum.net", "다음 뉴스": "v.daum.net", "네이버뉴스": "n.news.naver.com",
           "네이버 뉴스": "n.news.naver.com", "네이트뉴스": "news.nate.com", "네이트 뉴스": "news.nate.com",
           "줌뉴스": "news.zum.com", "Yahoo!ニュース": "news.yahoo.co.jp"}
_PORTAL = re.compile("|".join(sorted(map(re.escape, PORTALS), key=len, reverse=True)))
_FREE_MAIL = {"gmail.com", "naver.com", "hanmail.net", "daum.net", "nate.com", "hotmail.com", "yahoo.com",
              "outlook.com", "kakao.com", "icloud.com", "gmx.de", "web.de", "yahoo.co.kr"}
_COPYRIGHT = re.compile(r"(?:copyright|ⓒ|©|\(c\)|저작권자)", re.IGNORECASE)


@lru_cache(maxsize=1)
def outlets() -> tuple[dict[str, str], re.Pattern]:
    """Outlet name -> domain, the table's and the registered sites' (cleaners.sites), and the
    pattern that finds any of them."""
    from .sites import sites
    table = {**OUTLETS, **{s.outlet: s.domain for s in sites() if s.outlet}}
    return table, re.compile("|".join(sorted(map(re.escape, table), key=len, reverse=True)))
_DOMAIN = re.compile(r"\b(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|net|org|kr|co\.kr|de|fr|jp|uk|io|news))\b", re.IGNORECASE)


def site_from_text(text: str) -> str | None:
    """The outlet's domain as a page shows it: a news portal whose own notices frame the
    article, else the e-mail domain of a reporter's signature, a copyright line, or a wire
    credit from the small table of Korean outlets."""
    if not text:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:  # the portal names itself in its page furniture, not in the story's prose
        if len(line) <= 300:
            m = _PORTAL.search(line)
            if m and (line_rule(line) or _COPYRIGHT.search(line)):
                return PORTALS[m.group(0)]
    for line in reversed(lines):  # signatures sit at the end
        if len(line) <= 120:
            for domain in _EMAIL.findall(line):
                domain = domain.lower()
                if domain not in _FREE_MAIL:
                    return domain
    for line in lines:
        if len(line) <= 160 and _COPYRIGHT.search(line):
            m = _DOMAIN.search(line)
            if m:
                return m.group(1).lower().removeprefix("www.")
            m = outlets()[1].search(line)
            if m:
                return outlets()[0][m.group(0)]
    for line in lines:
        head = line[:100]  # a credit opens the line: the bound and the hint keep long lines linear
        if len(line) <= 40 or (_BYLINE_HINT.search(head) and _CREDIT.match(head)):
            m = outlets()[1].search(line if len(line) <= 40 else line[:30])
            if m:
                return outlets()[0][m.group(0)]
    return None
