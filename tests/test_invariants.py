"""Whatever the path (generic HTML, site profile, visible-text fallback, text dump), no title or
body paragraph that `clean` returns is markup, CSS or script."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import Drop, clean
from cleaners.guard import guarded, markup_kind, without_code
from cleaners.model import Article

STORY = ["The harbour board voted on Tuesday to close the old fish market at the end of the season.",
         "Traders who have sold there for generations say the new hall is too far from the quay.",
         "The board argues that the building no longer meets hygiene rules and would cost too much to repair.",
         "A public meeting on the plan will be held in the town hall next month, the council said."]
MARK = "zqxmark"  # every piece of code below carries it; no body may
CSS = f".{MARK}-card{{margin:0 auto;padding:4px 8px;color:#333}}\n@media (max-width:600px){{.{MARK}{{display:none}}}}\n"
JS = (f"var {MARK} = window.{MARK} || {{}};\nfunction {MARK}Init(a, b) {{ if (a) {{ document.title = b; }} }}\n"
      f"{MARK}.push({{\"id\": 12, \"kind\": \"ad\"}});\n")
TAGS = f'<div class="{MARK}"><span id="{MARK}-x"><a href="/x">x</a></span></div>'


def article_page(head: str = "", before: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (f"<head><meta charset=utf-8>{head}<title>Fish market to close</title></head><body>{before}"
            f"<div class=story><h1>Fish market to close</h1>{paragraphs}</div></body>")


def assert_no_code(articles, marker=MARK):
    for a in articles:
        for text in [a.title or "", *a.subtitle, *a.captions, *a.paragraphs]:
            assert marker not in text, text[:200]
            assert markup_kind(text) is None, text[:200]


@pytest.mark.parametrize("head", [f"<style>{CSS * 4000}</style>", f"<script>{JS * 3000}</script>",
                                  f"<script type='application/json'>{{\"{MARK}\": [{'1, ' * 100_000}1]}}</script>"])
def test_a_page_whose_first_300_kb_are_inline_style_or_script_gives_its_story_not_its_markup(head):
    page = article_page(head)
    assert len(page) > 300_000 and page.index("</") > 200_000  # no closing tag in the first 200 KB
    articles = clean(page.encode("utf-8"), "https://news.example.com/2024/05/01/fish-market")
    assert len(articles) == 1
    assert articles[0].paragraphs[0] == STORY[0]
    assert len(articles[0].body) < 2000
    assert_no_code(articles)


def test_markup_read_as_a_text_dump_is_cleaned_again_as_html():
    # old markup with none of the tags that mark a page as HTML: it starts down the text-dump path
    page = ("<style>.x{color:red;margin:0}\n.y{padding:2px}</style>\n<center><font size=2>Fish market to close</font>"
            "</center>\n" + "\n".join(f"<font face=Arial>{p}</font><img src=x.gif>" for p in STORY))
    articles = clean(page)
    assert articles and STORY[1] in articles[0].body
    assert_no_code(articles, marker="font")


def test_code_paragraphs_are_named_markup_and_an_article_of_code_is_dropped():
    trace: list[Drop] = []
    a = Article(title='<div class="x">Title</div>', body="\n\n".join([STORY[0], CSS, JS, TAGS * 3, STORY[1]]))
    kept = guarded([a, Article(title="Only code", body=JS)], trace)
    assert kept == [a] and a.paragraphs == STORY[:2] and a.title is None
    assert [d.rule for d in trace] == ["markup"] * 5


@pytest.mark.parametrize("text", [
    "Use the <b> element for bold and <i> for italics, the guide says.",
    "Prices rose 3% (after a fall of 2%); analysts expected {more}.",
    "The function of the council: to decide; to fund; to build.",
    'He said: "var" is short for variable, and "if" starts a condition.',
    "김 기자 = 연합뉴스; 사진 제공 = 서울시 (2024.05.01)",
    "Equation: a < b and c > d; x = y + 1;",
])
def test_prose_that_mentions_code_is_text(text):
    assert markup_kind(text) is None


@pytest.mark.parametrize("text, kind", [(CSS, "css"), (JS, "script"), (TAGS, "tag"),
                                        ('{"@context": "https://schema.org", "@type": "NewsArticle", "x": 1}', "script"),
                                        ("<!DOCTYPE html><html><head><title>x</title></head>", "tag")])
def test_markup_css_script_and_json_are_code(text, kind):
    assert markup_kind(text) == kind


code = st.sampled_from([CSS, JS, TAGS, f"<style>{CSS}</style>", f"<script>{JS}</script>", f"<!-- {TAGS} -->"])
prose = st.sampled_from(STORY)
layout = st.lists(st.one_of(code, prose, st.sampled_from(["<p>", "</p>", "<div>", "</div>", "\n", "\n\n", "<br>"])),
                  min_size=1, max_size=40)


@pytest.mark.timeout(300)
@settings(max_examples=120, deadline=timedelta(seconds=20), derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(layout, st.sampled_from(["", "<!DOCTYPE html>", "<html><body>"]), st.booleans(), st.sampled_from([0, 0, 0, 1]))
def test_no_body_or_title_is_ever_code(pieces, opening, as_bytes, heavy):
    page = opening + ("<style>" + CSS * 2500 + "</style>" if heavy else "") + "".join(pieces)  # 250 KB of style
    articles = clean(page.encode("utf-8") if as_bytes else page, "https://news.example.com/2024/05/01/a")
    assert_no_code(articles)


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def expected_texts():
    """Every title, deck, caption and body paragraph the repository's fixtures expect."""
    files = [*sorted((FIXTURES / "sites").rglob("*.json")), FIXTURES / "seeds" / "gold.json"]
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = data.values() if path.name == "gold.json" else [data]
        for page in pages:
            for a in page.get("articles") or []:
                body = a.get("body") or []
                yield from [a.get("title") or "", *(a.get("subtitle") or []), *(a.get("captions") or []),
                            *(body if isinstance(body, list) else body.split("\n\n"))]


def test_the_guard_takes_nothing_from_the_text_the_fixtures_expect():
    texts = list(expected_texts())
    assert len(texts) > 150
    assert [t for t in texts if without_code(t) != t] == []


def test_a_text_dump_that_quotes_some_code_stays_a_dump():
    dump = "\n".join([
        "Tech Notes | Home | Archive", "",
        "How we cut our page weight in half", "",
        "Our pages carried 300 KB of styles that nobody used. We measured every rule on a week of traffic "
        "and removed those that never matched an element on any page.",
        "",
        '<style>.card{margin:0;padding:4px}</style>',
        "",
        "The result was a page that loads in half the time on a slow phone, and a stylesheet that the "
        "whole team can read again. We now check every new rule against the same week of traffic.",
    ])
    articles = clean(dump)
    assert len(articles) == 1 and articles[0].cleaner.startswith("text")
    assert "half the time on a slow phone" in articles[0].body
    assert_no_code(articles, marker=".card")
