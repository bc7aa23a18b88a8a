"""A made-up news site whose layout no hand-written profile knows, for the learned-layout
tests: each page has the story, and around and inside it the blocks a template repeats
(share and font-size bars, a reporter card, a subscription prompt, an ad slot, a copyright
line) and clutter that changes from page to page (related stories, a most-read list).
`design="b"` is the same site after a redesign: other class names, other nesting."""
from __future__ import annotations

import random
from html import escape

HOST = "daily.test"
WORDS = ("council harbour budget school river bridge market festival library report court station "
         "farmers rainfall museum teachers ferry tunnel clinic orchestra election planning").split()
NAMES = ["Mina Park", "Joon Lee", "Sara Kim", "Tom Baker", "Ana Ruiz", "Leo Chen"]


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(9, 16))]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 4)))


def story(n: int, seed: int = 1) -> dict:
    rng = random.Random(seed * 100003 + n)
    return {"title": f"The {rng.choice(WORDS)} {rng.choice(WORDS)} story number {n}",
            "author": rng.choice(NAMES), "day": 1 + n % 28, "hour": n % 24,
            "paragraphs": [_paragraph(rng) for _ in range(rng.randint(3, 8))],
            "related": [f"Related: the {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.randint(1, 999)}"
                        for _ in range(3)],
            "popular": [f"Popular: {rng.choice(WORDS)} {rng.choice(WORDS)} {rng.randint(1, 999)}"
                        for _ in range(4)]}


def page_html(n: int, seed: int = 1, design: str = "a", menu: int = 3) -> str:
    """Page `n` of the site; `menu` links in its section menu (a few hundred make a page
    the size of a real one)."""
    s = story(n, seed)
    nav = "".join(f'<li class="menu-item"><a href="/section/{i}.html">Section {i}</a></li>' for i in range(menu))
    paras = "".join(f"<p>{escape(p)}</p>" for p in s["paragraphs"])
    related = "".join(f'<li><a href="/news/{i}.html">{escape(t)}</a></li>' for i, t in enumerate(s["related"]))
    popular = "".join(f'<li><a href="/news/{i}.html">{escape(t)}</a></li>' for i, t in enumerate(s["popular"]))
    stamp = f"2026-03-{s['day']:02d} {s['hour']:02d}:15"
    if design == "a":
        main = (f'<div class="story-head"><h1 class="story-title">{escape(s["title"])}</h1>'
                f'<div class="story-meta"><span class="byline">By {s["author"]}</span> '
                f'<span class="dateline">Published {stamp}</span></div></div>'
                f'<div class="story-body">{paras}'
                f'<div class="share-tools">Share Facebook Twitter Email</div>'
                f'<div class="text-size">A+ A- Print</div>'
                f'<div class="ad-slot">Advertisement</div>'
                f'<div class="writer-card">{s["author"]}, staff reporter of the Daily Test</div>'
                f'<div class="subscribe-box">Get the Daily Test newsletter every morning</div>'
                f'<div class="more-stories"><h3>More stories</h3><ul>{related}</ul></div>'
                f'<p>Copyright 2026 Daily Test. All rights reserved.</p></div>')
        side = f'<aside class="most-read"><h3>Most read</h3><ol>{popular}</ol></aside>'
        shell = f'<div id="page"><div class="nav-bar">Home World Sport<ul>{nav}</ul></div>{main}{side}</div>'
    else:
        main = (f'<article class="art"><header class="art__header"><h1 class="art__headline">{escape(s["title"])}</h1>'
                f'<p class="art__byline">By {s["author"]}</p><time class="art__time">{stamp}</time></header>'
                f'<section class="art__text">{paras}'
                f'<nav class="sns-buttons">Share on social</nav>'
                f'<div class="promo-newsletter">Sign up for the Daily Test briefing</div>'
                f'<div class="art__related"><ul>{related}</ul></div></section></article>')
        side = f'<div class="rail"><div class="popular-list"><ol>{popular}</ol></div></div>'
        shell = (f'<header class="top"><ul>{nav}</ul></header><main class="wrap">{main}{side}</main>'
                 f'<footer class="site-foot">Daily Test 2026</footer>')
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(s["title"])} | Daily Test'
            f'</title><meta property="og:title" content="{escape(s["title"])}"><link rel="canonical" href="{url(n)}"></head><body>{shell}</body></html>')


def url(n: int) -> str:
    return f"https://{HOST}/news/{n:04}.html"
