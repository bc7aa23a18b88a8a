"""`cleaners.clean` takes any bytes or text and returns a list: it never raises and never hangs."""
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import clean
from cleaners.model import Article

TAGS = ["html", "head", "body", "title", "div", "p", "span", "article", "table", "tr", "td", "ul", "li", "script",
        "style", "meta charset=euc-kr", "a href=x", "br", "h1", "!--", "![CDATA["]

# Markup-shaped text finds more than uniform noise: tags, deep nesting, stray closers, Korean.
markup = st.lists(st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t.split()[0]}>"),
    st.text(min_size=0, max_size=40),
    st.sampled_from(["입력 2022.05.02 02:14", "홍길동 기자", "ⓒ 무단전재 및 재배포 금지", "\x00", "\r\n", "&amp;", "&#0;"]),
    st.integers(1, 3000).map(lambda n: "<div>" * n),
), max_size=60).map("".join)

SETTINGS = settings(max_examples=300, deadline=timedelta(seconds=10), derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


def check(result):
    assert isinstance(result, list) and all(isinstance(a, Article) for a in result)


@pytest.mark.timeout(120)  # a hang fails here rather than stalling the suite
@SETTINGS
@given(st.binary(max_size=4000))
def test_any_bytes(data):
    check(clean(data))


@pytest.mark.timeout(120)  # a hang fails here rather than stalling the suite
@SETTINGS
@given(st.text(max_size=4000))
def test_any_text(text):
    check(clean(text, url="https://example.com/a/1"))


@pytest.mark.timeout(120)  # a hang fails here rather than stalling the suite
@SETTINGS
@given(markup, st.sampled_from(["utf-8", "cp949", "utf-16"]))
def test_markup_in_any_encoding(text, encoding):
    check(clean(text.encode(encoding, errors="replace")))
