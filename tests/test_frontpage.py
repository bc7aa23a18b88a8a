"""The front-page verdict: [] only on strong evidence; an article with heavy navigation is kept."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaners import clean
from cleaners.frontpage import PROSE_RUN, weight

HTML = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def page(name: str) -> bytes:
    return (HTML / name).read_bytes()


@pytest.mark.parametrize("url", [None, "https://news.example.cn/", "https://news.example.cn/2011/12/15/flu.shtml"])
def test_a_short_article_among_hundreds_of_headline_links_is_an_article(url):
    # a portal layout: 38 headline links around a two-paragraph story, no date or type in the markup
    html = page("zh_portal_article.html")
    assert html.count(b"<a href") > 30
    articles = clean(html, url)
    assert len(articles) == 1
    body = articles[0].body
    assert body.startswith("近日，本市各大医院发热门诊就诊人数明显增加")
    assert "学校和托幼机构要做好晨检工作" in body


@pytest.mark.parametrize("name", ["teaser_front_page.html", "front_page.html", "ko_front_page.html"])
@pytest.mark.parametrize("url", [None, "https://www.coastalcourier.example/"])
def test_a_board_of_headlines_with_or_without_teasers_is_no_article(name, url):
    assert clean(page(name), url) == []


def test_a_run_of_prose_among_the_teasers_makes_it_an_article():
    # mixed evidence: headline cards around one editorial of article length; the article wins
    editorial = ("The harbour board's decision to close the old fish market has divided the town. "
                 "Traders who have sold there for generations say the new hall is too far from the quay, "
                 "while the board argues that the building no longer meets hygiene rules. ") * 2
    assert weight(editorial) >= PROSE_RUN
    html = page("teaser_front_page.html").decode("utf-8").replace("<main>", f"<main><p>{editorial}</p>")
    articles = clean(html, "https://www.coastalcourier.example/")
    assert len(articles) == 1 and "divided the town" in articles[0].body


def test_a_page_declared_an_article_is_never_a_front_page_even_at_the_site_root():
    html = page("en_jsonld.html").decode("utf-8")
    assert len(clean(html, "https://www.coastalcourier.example/")) == 1


def test_cjk_text_weighs_what_it_carries():
    assert weight("流感进入高发期") == 3 * len("流感进入高发期")
    assert weight("flu season") == len("flu season")


def test_cards_whose_link_wraps_headline_and_teaser_make_a_front_page():
    # modern layouts make the whole card one link: headline and teaser both sit inside it
    src = page("teaser_front_page.html").decode("utf-8")
    stories = re.findall(r'<h3><a href="([^"]+)">([^<]+)</a></h3><p class="standfirst">([^<]+)</p>', src)
    assert len(stories) == 10
    cards = "\n".join(f'<article class="card"><a href="{u}"><img src="/i/{i}.jpg" alt=""><h3>{h}</h3><p>{t}</p></a>'
                      f"<time>2 hours ago</time></article>" for i, (u, h, t) in enumerate(stories))
    html = re.sub(r"<main>.*</main>", f"<main>{cards}</main>", src, flags=re.S)
    assert clean(html) == [] and clean(html, "https://www.coastalcourier.example/") == []
