"""Long modern pages on the generic HTML path: made-up pages of each kind that used to lose
their story (a FAQ block inside <article>, page-builder sections, code in <pre>, a page about
newsletters, a closing FAQ accordion), cleaned by the real `cleaners.clean`."""
from __future__ import annotations

from cleaners import Drop, clean
from cleaners.candidates import main_text, paragraph_chars
from cleaners.context_rules import paragraph_drops

URL = "https://www.example-guides.com/guides/{}"
WORDS = ("harbour", "ferry", "lantern", "orchard", "granite", "meadow", "copper", "willow", "quarry", "beacon")


def prose(topic: str, n: int, words: int = 60) -> list[str]:
    """n distinct paragraphs of running text about a topic, each closed like a sentence."""
    out = []
    for i in range(n):
        body = " ".join(f"{WORDS[(i * 7 + j) % len(WORDS)]}{i}x{j}" for j in range(words))
        out.append(f"The {topic} section {i} explains {body} in plain words for readers.")
    return out


def html(body: str, title: str = "A long guide to harbour towns") -> str:
    nav = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(12))
    return (f"<html><head><title>{title}</title></head><body><header><nav><ul>{nav}</ul></nav></header>"
            f"<main>{body}</main><footer><p>Example Guides, 1 Quay Street.</p></footer></body></html>")


def body_of(page: str, url: str) -> str:
    articles = clean(page, url=url)
    assert len(articles) == 1
    return articles[0].body


def test_a_faq_block_inside_the_article_is_not_taken_for_the_whole_story():
    story = prose("story", 14)
    faq = "".join(f"<h3>Question {i}?</h3><p>Answer {i} is short and plain for every reader.</p>" for i in range(4))
    sections = "".join(f'<div class="elementor-section"><div class="widget"><p>{p}</p></div></div>' for p in story)
    page = html(f'<div class="builder">{sections}</div><article class="faq"><h2>Questions</h2>{faq}</article>')
    body = body_of(page, URL.format("faq-in-article"))
    assert all(p in body for p in story)


def test_page_builder_sections_are_read_whole():
    story = prose("builder", 12)
    sections = "".join(f'<section class="wp-block-group"><div class="inner"><h2>Part {i}</h2><p>{p}</p></div></section>'
                       for i, p in enumerate(story))
    body = body_of(html(sections), URL.format("page-builder"))
    assert all(p in body for p in story)


def test_a_long_page_whose_reading_covers_it_is_read_once_in_recall_mode_and_keeps_its_lists():
    from trafilatura.utils import load_html

    story = prose("steps", 8)
    steps = "".join(f"<li>Step {i}: turn the {WORDS[i]} valve a quarter turn and wait.</li>" for i in range(6))
    page = html("<article>" + "".join(f"<p>{p}</p>" for p in story[:4]) + f"<ul>{steps}</ul>"
                + "".join(f"<p>{p}</p>" for p in story[4:]) + "</article>")
    tree = load_html(page)
    assert paragraph_chars(tree) >= 3000
    text = main_text(tree, URL.format("steps"))
    assert "Step 3: turn the orchard valve a quarter turn and wait." in text
    assert all(p in text for p in story)


def test_code_the_page_shows_in_pre_is_kept_and_code_glued_into_prose_still_goes():
    story = prose("tutorial", 8)
    code = '{"name": "lantern", "size": 3, "tags": ["copper", "willow"]}'
    command = "const beacon = document.getElementById('beacon');"
    page = html("<article>" + "".join(f"<p>{p}</p>" for p in story[:4]) + f"<pre><code>{code}</code></pre>"
                + f"<pre>{command}</pre>" + "".join(f"<p>{p}</p>" for p in story[4:])
                + "<p>var tracker = window.trackerQueue || []; tracker.push({event: 'view'}); "
                  "if (tracker.length) { document.title = 'x'; }</p></article>")
    trace: list[Drop] = []
    articles = clean(page, url=URL.format("json-tutorial"), trace=trace)
    body = articles[0].body
    assert code in body and command in body
    assert "trackerQueue" not in body
    assert any(d.rule == "markup" and "trackerQueue" in d.text for d in trace)


def test_a_page_about_newsletters_keeps_its_sentences_and_still_drops_the_call():
    lines = [
        "Growing a newsletter from zero subscribers takes patience and a clear promise.",
        "Newsletter Growth Checklist",
        "- New subscribers need a welcome email within the first day.",
        "- Dormant subscribers respond to a short note asking what they want.",
        "Subscription pricing works best when the free tier is generous enough to share.",
        "Most of the subscribers in our study came from referrals rather than ads.",
        "Sign up for our newsletter to get the next guide in your inbox.",
    ]
    story = prose("newsletter", 3, 20)
    paragraphs = story[:2] + lines + story[2:]
    verdicts = paragraph_drops(paragraphs, title="How to grow a newsletter: a subscriber guide")
    kept = [p for p, v in zip(paragraphs, verdicts) if v is None]
    assert kept == [p for p in paragraphs if not p.startswith("Sign up")]
    # on a page about something else the same call and the subscription labels still go
    other = story + ["Sign up for our newsletter to get the next guide in your inbox.", "Newsletter Growth Checklist"]
    assert all(paragraph_drops(other, title="A guide to harbour towns")[-2:])


def test_a_closing_faq_accordion_is_not_a_tail_of_other_stories_links():
    story = prose("story", 4, 20)
    faq = ["Is the ferry open in winter?", "Yes, it runs twice a day from November to March.",
           "Can I bring a bicycle on board?", "Bicycles travel free on the lower deck.",
           "Where do I buy tickets?", "Tickets are sold at the quay and on board."]
    questions = set(faq[0::2])
    assert paragraph_drops(story + faq, linked=lambda p: p in questions) == [None] * (len(story) + len(faq))
    headlines = ["Ferry fares rise in spring", "New quay opens at the harbour", "Lantern festival returns"]
    verdicts = paragraph_drops(story + headlines, linked=lambda p: p in headlines)
    assert verdicts[-3:] == ["linked_tail"] * 3


def test_headings_over_kept_sections_are_put_back_and_others_are_not():
    """A review's repeated section headings ("Verdict" after every product) and anchor-linked
    headings, which trafilatura drops, belong to the story; a sidebar's heading does not."""
    story = prose("review", 8)
    sections = "".join(f'<h2 id="p{i}"><a href="#p{i}">Part {i} of the review</a></h2><p>{story[2 * i]}</p>'
                       f"<h3><strong>Verdict</strong></h3><p>{story[2 * i + 1]}</p>" for i in range(4))
    aside = '<aside><h3><a href="/other">Another story elsewhere</a></h3><p>Teaser of another story, not this one.</p></aside>'
    body = body_of(html(f"<article>{sections}</article>{aside}"), URL.format("review-headings"))
    paragraphs = body.split("\n\n")
    for i in range(4):
        assert paragraphs[paragraphs.index(story[2 * i]) - 1] == f"Part {i} of the review"
        assert paragraphs[paragraphs.index(story[2 * i + 1]) - 1] == "Verdict"
    assert "Another story elsewhere" not in body


def test_with_headings_puts_a_missing_heading_over_the_section_the_reading_kept():
    from lxml.html import fromstring

    from cleaners.candidates import with_headings

    intro, *story = prose("guide", 4, 12)
    tree = fromstring(f'<html><body><h2>A deck over the first line</h2><p>{intro}</p>'
                      f'<h2><a href="#a">Getting there</a></h2><p>{story[0]}</p>'
                      f'<div class="box"><h3>Where to stay</h3></div><p>{story[1]}</p>'
                      f'<h3>Elsewhere on the site</h3><p>{story[2]}</p></body></html>')
    reading = "\n".join([intro, *story[:2]])  # the third section is not the story's
    assert with_headings(tree, reading).split("\n") == [intro, "Getting there", story[0], "Where to stay", story[1]]
    held = "\n".join([intro, "Getting", "there", story[0]])  # a heading the reading holds, broken or not
    assert with_headings(tree, held) == held
