"""Articles a page ships as data: the story a script carries when the markup holds little or none of it.

Modern pages often render the article in the browser from data in a script: JSON-LD's
`articleBody`, Next.js's `__NEXT_DATA__` and the app router's streamed payload
(`self.__next_f.push([1, "..."])`), Nuxt's state (`__NUXT_DATA__`, `window.__NUXT__ = {...}`),
a CMS's `Fusion.globalContent = {...}`, Redux and Apollo caches (`window.__INITIAL_STATE__ = ...`).
The names differ; the shape does not: somewhere in the data one object carries the page's
headline and the prose, either as a string (often HTML) or as a list of typed content elements
(text, header, image with caption, list, quote). `page_data` reads every script that can hold
JSON, walks it within fixed bounds, and returns the object whose headline is the page's own
with the most prose. Nothing here knows a site: the page's headline says which object is the
story, and the element types say what is a paragraph, an intertitle or a caption.

Hostile data is bounded: scripts longer than MAX_SCRIPT and JSON nested deeper than MAX_DEPTH
are skipped, and no more than MAX_NODES values are walked per page.
"""
from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import html as lxml_html
from lxml.etree import XPath

from .meta import byline_authors, clean_author, merge_authors

log = logging.getLogger(__name__)
MAX_SCRIPT = 5_000_000  # characters of one script; longer ones are not parsed
MAX_TOTAL = 12_000_000  # characters of all scripts parsed on one page
MAX_NODES = 300_000  # JSON values walked on one page
MAX_JS = 1_000_000  # characters of a JS literal read by the (slower) literal parser
MAX_DEPTH = 80  # nesting below which a walk does not go
MAX_ASSIGNMENTS = 30  # `name = {` places tried in one script
MAX_READS = 40  # objects carrying the page's headline read on one page (a state repeats its story)
MIN_PROSE = 200  # characters of prose below which an object does not carry an article
CLEARLY_MORE = 1.5  # data replaces a markup article only when its body is this much longer

_TITLE_KEYS = ("headline", "headlines", "title", "name", "heading")
_BODY_KEYS = ("articleBody", "body", "content", "content_elements", "contentElements", "blocks", "text",
              "html", "bodyHtml", "body_html", "contentHtml", "content_html", "articleText", "story", "rendered")
_PUBLISHED_KEYS = ("first_publish_date", "firstPublishDate", "firstPublished", "datePublished", "publishedAt",
                   "published_at", "publishDate", "publish_date", "published", "publicationDate", "pubDate",
                   "display_date", "displayDate", "date")
_MODIFIED_KEYS = ("last_updated_date", "lastUpdatedDate", "dateModified", "updatedAt", "updated_at", "modifiedAt",
                  "modified_at", "lastModified", "modified", "updateDate", "updated")
_AUTHOR_KEYS = ("credits", "author", "authors", "byline", "bylines", "creator", "writers", "contributors")
_DECK_KEYS = ("subheadlines", "subheadline", "subHeadline", "subtitle", "subTitle", "dek", "deck", "standfirst",
              "alternativeHeadline", "description")
_TYPE_KEYS = ("type", "_type", "__typename", "nodeType", "blockType", "kind", "component")
_TEXT_KEYS = ("content", "text", "html", "value", "body", "markup", "innerHTML", "children", "items")
_HEADING = re.compile(r"^(?:h[1-6]|header|heading|subhead\w*|intertitle|title|crosshead|section[-_ ]?title)$|heading", re.I)
_CAPTIONED = re.compile(r"image|photo|picture|figure|gallery|video|graphic|media", re.I)
_SKIPPED = re.compile(r"ad$|^ad[-_]|advert|promo|related|recommend|newsletter|interstitial|link[-_ ]?list|"
                      r"read[-_ ]?more|social|share|embed|oembed|divider|break|spacer|script|style|code[-_]?block|"
                      r"table", re.I)
_LIST = re.compile(r"^(?:list|ul|ol|bullet\w*|numbered\w*)$", re.I)
_TAG = re.compile(r"<(?:p|br|div|h[1-6]|ul|ol|li|blockquote|figure|figcaption|strong|em|b|i|a|span|table)\b[^>]*>", re.I)
_ASSIGN = re.compile(r"(?<![=!<>])=\s*(?=[{\[])")  # `= {` or `= [`, not `==`, `<=`, `=>`
_NAME = re.compile(r"([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\"[^\"]{1,60}\"\])*)\s*$")
_JSON_PARSE = re.compile(r"JSON\.parse\(\s*(?=[\"'])")
_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', re.S)
_NEXT_F = re.compile(r"self\.__next_f\.push\(\s*(?=\[)")
# a Korean name a CMS composed as "given family" ("민준 이"): printed family name first, unspaced
_GIVEN_FAMILY = re.compile(r"^([가-힣]{2}) ([가-힣])$")
_WORD = re.compile(r"\w+")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "tr")


@dataclass
class DataArticle:
    """An article read from page data; `origin` names where each field came from (for --explain)."""

    source: str
    title: str | None = None
    subtitle: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    section: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    origin: dict[str, str] = field(default_factory=dict)

    @property
    def chars(self) -> int:
        return sum(map(len, self.paragraphs))


def worth_reading(tree, markup_chars: int) -> bool:
    """Whether the page holds a script long enough to carry what would replace the markup's reading:
    CLEARLY_MORE times its characters (JSON-LD: as many, for the same words with their breaks; the
    app router's stream: all its scripts together). A cheap test run before any JSON is parsed, so
    pages whose markup has the story pay little."""
    stream = 0
    for script in _SCRIPTS(tree):
        text = script.text or ""
        size = len(text)
        if "__next_f" in text:
            stream += size
            size = stream
        if size > MIN_PROSE and size > markup_chars * (1 if "ld+json" in (script.get("type") or "") else CLEARLY_MORE):
            return True
    return False


def preferred(data: list[str], markup: str) -> bool:
    """Whether paragraphs read from data beat the markup's text: clearly more of it (CLEARLY_MORE
    times the characters), or the same words, which is what trafilatura gives when it falls back on
    JSON-LD's articleBody itself, run together into one paragraph (the data keeps the breaks)."""
    chars = sum(map(len, data))
    if chars < MIN_PROSE:
        return False
    if chars >= CLEARLY_MORE * len(markup):
        return True
    return len(data) > markup.count("\n\n") + 1 and _key(" ".join(data)) == _key(markup)


def page_data(tree, headlines: list[str | None], to_time) -> DataArticle | None:
    """The article a page's scripts carry: of the objects whose headline is one of `headlines`
    (the chosen title, the <title>, the <h1>), the one with the most prose; None when none has MIN_PROSE.
    `to_time(value)` turns a declared time into a datetime (the page's timezone rules)."""
    keys = {_key(h) for h in headlines if h and _key(h)}
    if not keys:
        return None
    try:
        return _best(tree, keys, to_time)
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError) as exc:
        # data is the page's second source: a shape this reader did not foresee must not cost the markup's article
        log.debug("page data not read: %s", exc)
        return None


def _best(tree, keys: set[str], to_time) -> DataArticle | None:
    budget = _Budget()
    best: DataArticle | None = None
    reads = MAX_READS
    for source, data in _documents(tree, budget):
        for obj in _objects(data, budget):
            title = _title(obj)
            if not title or not _same_headline(title, keys):
                continue
            reads -= 1
            if reads < 0:
                return best
            found = _read(obj, source, title, to_time)
            if found and found.chars >= MIN_PROSE and (best is None or found.chars > best.chars):
                best = found
        if budget.spent():
            break
    return best


class _Budget:
    def __init__(self) -> None:
        self.nodes = MAX_NODES
        self.chars = MAX_TOTAL

    def spent(self) -> bool:
        return self.nodes <= 0 or self.chars <= 0


_SCRIPTS = XPath("//script[not(@src)]")


def _documents(tree, budget: _Budget):
    """(source name, parsed JSON) for every script that holds data, in page order."""
    stream: list[str] = []  # the app router's payload arrives in many small scripts
    for script in _SCRIPTS(tree):
        text = script.text or ""
        if "__next_f" in text and len(text) <= MAX_SCRIPT:
            stream.append(text)
            continue
        if len(text) < MIN_PROSE or len(text) > MAX_SCRIPT or budget.spent():
            continue
        budget.chars -= len(text)
        kind = (script.get("type") or "").lower()
        name = script.get("id") or ""
        if "json" in kind:
            data = _loads(text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";"))
            if data is None:
                continue
            if "ld+json" in kind:
                yield "JSON-LD", data
            elif _is_devalue(data):
                yield f"script {name or kind} (serialized state)", _revive(data, budget)
            else:
                yield f"script {name or kind}", data
            continue
        if kind and "javascript" not in kind and "module" not in kind:
            continue
        state = _nuxt2_state(text)
        if state is not None:
            yield "script window.__NUXT__ (function)", state
            continue
        yield from _assigned(text)
    size = sum(map(len, stream))
    if stream and size <= budget.chars:
        budget.chars -= size
        for chunk in _next_f_chunks(stream):
            yield "app-router payload", chunk


def _loads(text: str):
    try:
        return json.loads(text, strict=False)  # raw line breaks inside strings are common in JSON-LD
    except (ValueError, RecursionError):
        return None


def _assigned(text: str):
    """JSON values a script assigns (`window.X = {...};`, `Fusion.globalContent={...}`), or parses
    from a string (`JSON.parse("...")`)."""
    decoder = json.JSONDecoder()
    tried = 0
    end = 0
    for match in _ASSIGN.finditer(text):
        if match.start() < end:
            continue
        tried += 1
        if tried > MAX_ASSIGNMENTS:
            return
        try:
            value, end = decoder.raw_decode(text, match.end())
        except (ValueError, RecursionError):
            continue
        if isinstance(value, (dict, list)) and end - match.end() >= MIN_PROSE:
            name = _NAME.search(text, max(0, match.start() - 120), match.start())
            yield f"script {name.group(1) if name else 'assignment'}", value
    for match in list(_JSON_PARSE.finditer(text))[:MAX_ASSIGNMENTS]:
        literal = _string_literal(text, match.end())
        if literal and len(literal) >= MIN_PROSE:
            value = _loads(literal)
            if isinstance(value, (dict, list)):
                yield "script JSON.parse", value


class _Ref(str):
    """A variable of a JS function's body, resolved once its arguments are read."""


def _nuxt2_state(text: str):
    """Nuxt 2's state: `window.__NUXT__=(function(a,b,...){return {...}}(1,"x",...))`, a JS object
    literal whose repeated values are the function's parameters. Read by a small literal parser (no
    JS is run); any other statement or construct gives None."""
    head = _NUXT2.search(text) if len(text) <= MAX_JS else None
    if head is None:
        return None
    params = [p.strip() for p in head.group(1).split(",") if p.strip()]
    try:
        body, at = _js_value(text, head.end(), 0)
        at = _js_expect(text, at, "}")
        at = _js_expect(text, at, "(")
        args = []
        while len(args) < len(params):
            value, at = _js_value(text, at, 0)
            args.append(value)
            at = _JS_SPACE.match(text, at).end()
            if text.startswith(",", at):
                at += 1
            else:
                break
    except ValueError:
        return None
    env = dict(zip(params, args))
    return _js_resolve(body, env, 0)


_NUXT2 = re.compile(r"__NUXT__\s*=\s*\(?\s*function\s*\(([\w$,\s]*)\)\s*\{\s*return\s+")
_JS_SPACE = re.compile(r"\s*")
_JS_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_JS_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_JS_WORDS = {"true": True, "false": False, "null": None, "undefined": None}


def _js_expect(text: str, at: int, char: str) -> int:
    at = _JS_SPACE.match(text, at).end()
    if not text.startswith(char, at):
        raise ValueError(f"expected {char!r} at {at}")
    return at + 1


def _js_value(text: str, at: int, depth: int):
    """One JS literal value at `at`: object, array, string, number, word or variable; (value, end)."""
    if depth > MAX_DEPTH:
        raise ValueError("too deep")
    at = _JS_SPACE.match(text, at).end()
    c = text[at:at + 1]
    if c == "{" or c == "[":
        close = "}" if c == "{" else "]"
        out: dict | list = {} if c == "{" else []
        at += 1
        while True:
            at = _JS_SPACE.match(text, at).end()
            if text.startswith(close, at):
                return out, at + 1
            if isinstance(out, dict):
                literal = _LITERAL.match(text, at)
                name = literal or _JS_NAME.match(text, at) or _JS_NUMBER.match(text, at)
                if name is None:
                    raise ValueError(f"no key at {at}")
                key = _string_literal(text, at) if literal else name.group(0)
                at = _js_expect(text, name.end(), ":")
                out[key], at = _js_value(text, at, depth + 1)
            else:
                value, at = _js_value(text, at, depth + 1)
                out.append(value)
            at = _JS_SPACE.match(text, at).end()
            if text.startswith(",", at):
                at += 1
            elif not text.startswith(close, at):
                raise ValueError(f"expected , or {close} at {at}")
    if c == "!":  # minified booleans: !0, !1
        value, end = _js_value(text, at + 1, depth + 1)
        return not value, end
    if c in "\"'":
        literal = _LITERAL.match(text, at)
        value = _string_literal(text, at) if literal else None
        if value is None:
            raise ValueError(f"bad string at {at}")
        return value, literal.end()
    number = _JS_NUMBER.match(text, at)
    if number:
        return float(number.group(0)) if any(ch in number.group(0) for ch in ".eE") else int(number.group(0)), number.end()
    name = _JS_NAME.match(text, at)
    if name is None:
        raise ValueError(f"no value at {at}")
    word = name.group(0)
    if word == "void":
        _, end = _js_value(text, name.end(), depth + 1)
        return None, end
    if word in _JS_WORDS:
        return _JS_WORDS[word], name.end()
    if text.startswith("(", _JS_SPACE.match(text, name.end()).end()) or text.startswith(".", name.end()):
        raise ValueError(f"a call or member at {at}")
    return _Ref(word), name.end()


def _js_resolve(value, env: dict, depth: int):
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, _Ref):
        return env.get(str(value))
    if isinstance(value, list):
        return [_js_resolve(v, env, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _js_resolve(v, env, depth + 1) for k, v in value.items()}
    return value


def _string_literal(text: str, at: int) -> str | None:
    """The JS string literal starting at `at` (double or single quoted), decoded."""
    match = _LITERAL.match(text, at)
    if match is None:
        return None
    body = match.group(0)[1:-1]
    if match.group(0)[0] == "'":
        body = body.replace("\\'", "'").replace('"', '\\"')
    try:
        return json.loads(f'"{body}"', strict=False)
    except ValueError:
        return None


def _next_f_chunks(scripts: list[str]):
    """The JSON values of the app router's streamed payload: the pushed strings joined, then each
    `id:value` row; text rows (`id:T<hex length>,<text>`) come out as strings."""
    decoder = json.JSONDecoder()
    parts = []
    for text, match in ((t, m) for t in scripts for m in _NEXT_F.finditer(t)):
        try:
            value, _ = decoder.raw_decode(text, match.end())
        except (ValueError, RecursionError):
            continue
        if isinstance(value, list) and len(value) >= 2 and value[0] == 1 and isinstance(value[1], str):
            parts.append(value[1])
    payload = "".join(parts)
    rows = []
    i = 0
    while i < len(payload):
        colon = payload.find(":", i)
        if colon < 0 or colon - i > 12:
            nl = payload.find("\n", i)
            if nl < 0:
                break
            i = nl + 1
            continue
        if payload.startswith("T", colon + 1):
            comma = payload.find(",", colon)
            try:
                size = int(payload[colon + 2:comma], 16)
            except ValueError:
                size = -1
            if size >= 0:
                raw = payload[comma + 1:comma + 1 + size * 4].encode("utf-8")[:size].decode("utf-8", "ignore")
                rows.append((payload[i:colon], raw))
                i = comma + 1 + len(raw)
                continue
        nl = payload.find("\n", colon)
        nl = len(payload) if nl < 0 else nl
        row = payload[colon + 1:nl]
        if row[:1] in "[{" and len(row) >= MIN_PROSE:
            value = _loads(row)
            if value is not None:
                rows.append((payload[i:colon], value))
        i = nl + 1
    texts = {ref: row for ref, row in rows if isinstance(row, str)}
    for _, row in rows:
        if not isinstance(row, str):
            yield _resolve(row, texts, 0) if texts else row


def _resolve(value, texts: dict[str, str], depth: int):
    """A payload row with its `"$<id>"` references to text rows replaced by their text."""
    if depth > MAX_DEPTH:
        return value
    if isinstance(value, str):
        return texts.get(value[1:], value) if value.startswith("$") and len(value) <= 12 else value
    if isinstance(value, list):
        return [_resolve(v, texts, depth + 1) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, texts, depth + 1) for k, v in value.items()}
    return value


def _is_devalue(data) -> bool:
    """Nuxt 3's serialized state: a flat list whose first item is a container of index references."""
    return isinstance(data, list) and len(data) > 2 and isinstance(data[0], (list, dict)) and (
        (isinstance(data[0], list) and data[0][:1] in (["Reactive"], ["ShallowReactive"]))
        or (isinstance(data[0], dict) and all(isinstance(v, int) for v in list(data[0].values())[:20])))


def _revive(flat: list, budget: _Budget):
    """Nuxt 3's flat list back into nested values: numbers in containers are indices into the list."""
    done: dict[int, object] = {}

    def value(index, depth):
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(flat) or depth > MAX_DEPTH:
            return None
        if index in done:
            return done[index]
        budget.nodes -= 1
        if budget.nodes <= 0:
            return None
        item = flat[index]
        if isinstance(item, list):
            if item and isinstance(item[0], str) and item[0] in ("Reactive", "ShallowReactive", "Ref", "ShallowRef",
                                                                    "EmptyRef", "EmptyShallowRef", "NuxtError"):
                out = value(item[1], depth + 1) if len(item) > 1 else None
            elif item and item[0] == "Date" and len(item) > 1:
                out = item[1]
            else:
                out = [value(i, depth + 1) for i in item]
        elif isinstance(item, dict):
            out = {k: value(v, depth + 1) for k, v in item.items()}
        else:
            out = item
        done[index] = out
        return out

    return value(0, 0)


def _objects(data, budget: _Budget):
    """Every dict in a JSON value, breadth first within the budget."""
    level = [(data, 0)]
    while level:
        following = []
        for node, depth in level:
            budget.nodes -= 1
            if budget.nodes <= 0:
                return
            if isinstance(node, dict):
                yield node
                values = node.values()
            elif isinstance(node, list):
                values = node
            else:
                continue
            if depth < MAX_DEPTH:
                following.extend((v, depth + 1) for v in values if isinstance(v, (dict, list)))
        level = following


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _same_headline(title: str, keys: set[str]) -> bool:
    """The object's headline is the page's: one holds the other (titles carry the site's name)."""
    mine = _key(title)
    if len(mine) < 4:
        return False
    return any(mine == k or (len(mine) >= 12 and mine in k) or (len(k) >= 12 and k in mine) for k in keys)


def _plain(value) -> str | None:
    """A string field, or the `basic` (first string) of a field that is an object of variants."""
    if isinstance(value, dict):
        value = value.get("basic") or next((v for v in value.values() if isinstance(v, str) and v.strip()), None)
    if isinstance(value, str):
        text = _strip_tags(value) if "<" in value else html.unescape(value) if "&" in value else value
        text = " ".join(text.split())
        return text or None
    return None


def _title(obj: dict) -> str | None:
    for key in _TITLE_KEYS:
        if key in obj:
            text = _plain(obj[key])
            if text and len(text) <= 400:
                return text
    return None


def _read(obj: dict, source: str, title: str, to_time) -> DataArticle | None:
    """The article in one object: the body field that holds the most prose, and the fields around it."""
    best: tuple[list[str], list[str], str] | None = None
    for key in _BODY_KEYS:
        if key not in obj:
            continue
        paragraphs, captions = _body(obj[key])
        if paragraphs and (best is None or sum(map(len, paragraphs)) > sum(map(len, best[0]))):
            best = (paragraphs, captions, key)
    if best is None:
        return None
    paragraphs, captions, key = best
    found = DataArticle(source=source, title=title, paragraphs=paragraphs, captions=captions)
    found.origin = {"title": source, "body": f"{source} ({key})"}
    if captions:
        found.origin["captions"] = f"{source} ({key})"
    for name, keys in (("published", _PUBLISHED_KEYS), ("modified", _MODIFIED_KEYS)):
        for k in keys:
            raw = obj.get(k)
            if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                raw = str(int(raw))
            when = to_time(raw) if isinstance(raw, str) and raw.strip() else None
            if when is not None:
                setattr(found, name, when)
                found.origin[name] = f"{source} ({k})"
                break
    for k in _AUTHOR_KEYS:
        names = _authors(obj.get(k))
        if names:
            found.authors = names
            found.origin["authors"] = f"{source} ({k})"
            break
    first = _key(paragraphs[0][:200])
    for k in _DECK_KEYS:
        if k == "description" and source == "JSON-LD":  # there a search engine's summary, not a printed deck
            continue
        deck = _plain(obj.get(k))
        if deck and deck != title and len(deck) <= 600 and not first.startswith(_key(deck)[:60]):
            found.subtitle = [deck]
            found.origin["subtitle"] = f"{source} ({k})"
            break
    return found


def _authors(value, depth: int = 0) -> list[str]:
    """Names out of credits: strings, people objects (a printed `byline` before a `name`, which some
    systems store family name last), lists of them, and `{"by": [...]}` wrappers."""
    if depth > 4 or value is None:
        return []
    if isinstance(value, str):
        text = " ".join(value.split())
        if not text or len(text) > 200 or text.startswith(("http", "/")):
            return []
        return byline_authors(text) or [n for n in [clean_author(text)] if n]
    if isinstance(value, list):
        return merge_authors(*[_authors(v, depth + 1) for v in value[:20]])
    if isinstance(value, dict):
        printed = _byline_field(value)
        if printed:
            names = _authors(printed, depth + 1)
            if names:
                return names
        for k in ("name", "displayName", "display_name", "fullName", "full_name", "title"):
            if isinstance(value.get(k), str):
                return _authors(_GIVEN_FAMILY.sub(r"\2\1", value[k].strip()), depth + 1)
        first, last = value.get("firstName") or value.get("first_name"), value.get("lastName") or value.get("last_name")
        if isinstance(first, str) and isinstance(last, str):
            return _authors(f"{first} {last}", depth + 1)
        for k in ("by", "authors", "author", "people", "nodes", "edges", "node", "items"):
            if k in value:
                return _authors(value[k], depth + 1)
    return []


def _byline_field(person: dict, depth: int = 0) -> str | None:
    """A `byline` string inside a person object (a CMS keeps the printed byline with the profile)."""
    if depth > 3:
        return None
    if isinstance(person.get("byline"), str) and person["byline"].strip():
        return person["byline"]
    for v in person.values():
        if isinstance(v, dict):
            found = _byline_field(v, depth + 1)
            if found:
                return found
    return None


def _body(value) -> tuple[list[str], list[str]]:
    """Paragraphs and captions of a body field: a string (HTML or text), a rich-text tree, or a list
    of typed content elements."""
    paragraphs: list[str] = []
    captions: list[str] = []
    if isinstance(value, str):
        paragraphs = _text_paragraphs(value, captions)
    elif isinstance(value, dict):
        for k in ("html", "rendered", "content", "json", "children", "value", "text", "raw"):
            if k in value:
                paragraphs, captions = _body(value[k])
                if paragraphs:
                    break
    elif isinstance(value, list) and value:
        if all(isinstance(v, str) for v in value[:50]):
            for v in value[:2000]:
                paragraphs.extend(_text_paragraphs(v, captions))
        else:
            _elements(value, paragraphs, captions, 0)
    return paragraphs, captions


def _elements(items: list, paragraphs: list[str], captions: list[str], depth: int) -> None:
    """Content elements in order: text and quotes are paragraphs, headers intertitles, list items
    paragraphs, an image's caption a caption; ads, related links and embeds are left out."""
    if depth > 12:
        return
    for item in items[:3000]:
        if isinstance(item, str):
            paragraphs.extend(_text_paragraphs(item, captions))
            continue
        if not isinstance(item, dict):
            continue
        kind = next((item[k] for k in _TYPE_KEYS if isinstance(item.get(k), str)), "")
        if kind and _CAPTIONED.search(kind):
            caption = _plain(item.get("caption") or item.get("description") or item.get("alt_text"))
            if caption:
                captions.append(caption)
            continue
        if kind and _SKIPPED.search(kind):
            continue
        if _LIST.match(kind) or (not kind and isinstance(item.get("items"), list)):
            _elements(item.get("items") or item.get("children") or item.get("content") or [], paragraphs,
                      captions, depth + 1)
            continue
        text = _element_text(item)
        if text is None:
            nested = next((item[k] for k in ("content_elements", "children", "content", "blocks")
                           if isinstance(item.get(k), list)), None)
            if nested:
                _elements(nested, paragraphs, captions, depth + 1)
            continue
        if _HEADING.search(kind) and "<" not in text:
            text = " ".join(text.split())
            if text:
                paragraphs.append(text)
            continue
        paragraphs.extend(_text_paragraphs(text, captions))


def _element_text(item: dict) -> str | None:
    """The text of one element: its string content, or the joined leaves of its inline children
    (rich-text spans `{"text": ...}` / `{"value": ...}`); None when it holds blocks of its own."""
    for k in _TEXT_KEYS:
        value = item.get(k)
        if isinstance(value, str) and value.strip():
            return value
        if isinstance(value, list) and value and all(_inline(v) for v in value[:200]):
            return "".join(_leaf_text(v) for v in value[:200])
    return None


def _inline(value) -> bool:
    if isinstance(value, str):
        return True
    if not isinstance(value, dict):
        return False
    kind = next((value[k] for k in _TYPE_KEYS if isinstance(value.get(k), str)), "")
    if kind.lower() in ("paragraph", "p", "block", "heading", "list", "image", "blockquote") or _HEADING.match(kind):
        return False
    return any(isinstance(value.get(k), str) for k in ("text", "value")) or isinstance(value.get("children"), list) \
        or isinstance(value.get("content"), list)


def _leaf_text(value, depth: int = 0) -> str:
    if depth > 8:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for k in ("text", "value"):
            if isinstance(value.get(k), str):
                return value[k]
        for k in ("children", "content"):
            if isinstance(value.get(k), list):
                return "".join(_leaf_text(v, depth + 1) for v in value[k][:200])
    return ""


def _text_paragraphs(text: str, captions: list[str]) -> list[str]:
    """Paragraphs of a body string: HTML is read by its blocks (figure captions apart), plain text by lines."""
    if _TAG.search(text):
        return html_paragraphs(text, captions)
    if "&" in text:
        text = html.unescape(text)
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def html_paragraphs(fragment: str, captions: list[str] | None = None) -> list[str]:
    """The blocks of an HTML fragment as paragraphs, in order; `<br>` splits a block; figure captions
    go to `captions`; scripts, styles and asides are left out."""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several kinds on broken fragments
        return [" ".join(_strip_tags(fragment).split())] if fragment.strip() else []
    out: list[str] = []
    for el in list(root.iter("script", "style", "aside", "nav", "iframe", "button", "form", "noscript")):
        el.drop_tree()
    for el in list(root.iter("figcaption")):
        text = " ".join(el.text_content().split())
        if text and captions is not None:
            captions.append(text)
        el.drop_tree()
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    _blocks(root, out)
    return out


def _blocks(el, out: list[str]) -> None:
    """Text of `el` split at block elements: the runs between blocks are paragraphs too."""
    run: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _BLOCKS or tag in ("div", "section", "article", "figure", "ul", "ol", "table", "tbody", "dl"):
            _flush(run, out)
            run = []
            if tag in _BLOCKS:
                _flush([child.text_content()], out)
            else:
                _blocks(child, out)
            run.append(child.tail or "")
        else:
            run.append(child.text_content() if tag else "")
            run.append(child.tail or "")
    _flush(run, out)


def _flush(run: list[str], out: list[str]) -> None:
    for line in "".join(run).split("\n"):
        line = " ".join(line.split())
        if line:
            out.append(line)


def _strip_tags(text: str) -> str:
    try:
        return lxml_html.fragment_fromstring(text, create_parent="div").text_content()
    except Exception:
        return re.sub(r"<[^>]*>", " ", text)
