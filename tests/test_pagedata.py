"""Articles held in page data: made-up pages whose story travels in a script, one per kind of data,
cleaned through `cleaners.clean` and the CLI; pages whose markup holds the story keep the markup;
hostile data (huge, deep, broken) gives an answer, never a crash."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from conftest import run_cli

from cleaners import clean
from cleaners import pagedata

KST = timezone(timedelta(hours=9))

KO_TITLE = "시립도서관 야간 개관 시간 두 시간 연장"
KO_PARAS = [
    "시는 다음 달부터 시립도서관 다섯 곳의 야간 개관 시간을 밤 열 시까지 두 시간 늘린다고 밝혔다. 퇴근 뒤 도서관을 찾는 시민이 늘었기 때문이다.",
    "도서관 관계자는 지난해 저녁 시간 이용자가 전년보다 삼십 퍼센트 가까이 늘었다며 열람실 좌석도 함께 늘릴 계획이라고 말했다.",
    "시는 연장 운영에 필요한 인력 열두 명을 새로 뽑고, 주말에는 어린이 자료실도 저녁까지 열기로 했다.",
]
KO_HEADER = "주말 어린이 자료실도 연장"
KO_CAPTION = "시민들이 저녁 시간 시립도서관 열람실에서 책을 읽고 있다. / 시청 제공"

EN_TITLE = "How the river town rebuilt its wooden bridge in one summer"
EN_PARAS = [
    "The old wooden bridge over the river had stood for ninety years before the spring flood took two of its spans, "
    "cutting the town's school off from the farms on the far bank.",
    "Volunteers, a retired engineer and two carpenters from the valley spent the summer rebuilding it, using larch "
    "from the hills above the town and the original iron fittings that divers recovered from the riverbed.",
    "The council paid for the timber and the crane; everything else was given, from the meals on the bank to the "
    "paint, and the bridge reopened the week before school began.",
]
EN_HEADER = "Timber from the hills"
EN_CAPTION = "Carpenters fit the last span of the bridge in August."


def shell(title: str, scripts: str, body: str = "", lang: str = "en") -> str:
    """A page whose markup holds the headline only, as script-rendered pages are served."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | Example Daily</title>'
            f'<meta property="og:title" content="{title}"></head><body><div id="root">{body}</div>{scripts}</body></html>')


def arc_page() -> str:
    content = {
        "_id": "ABC123", "type": "story",
        "headlines": {"basic": KO_TITLE}, "subheadlines": {"basic": "연장 운영 인력 열두 명 새로 채용"},
        "description": {"basic": ""},
        "created_date": "2024-03-04T00:10:00.000Z", "first_publish_date": "2024-03-04T01:20:30.000Z",
        "display_date": "2024-03-04T01:20:30.000Z", "last_updated_date": "2024-03-04T02:05:00.000Z",
        "credits": {"by": [
            {"type": "author", "name": "길동 홍", "additional_properties": {"original": {"byline": "홍길동 기자"}}},
            {"type": "author", "name": "영희 김", "additional_properties": {"original": {"byline": "김영희 기자"}}}]},
        "content_elements": [
            {"type": "image", "caption": KO_CAPTION, "url": "https://img.example/1.jpg"},
            {"type": "text", "content": KO_PARAS[0]},
            {"type": "text", "content": KO_PARAS[1]},
            {"type": "interstitial_link", "content": "[관련 기사] 다른 도서관 소식", "url": "/other"},
            {"type": "header", "level": 2, "content": KO_HEADER},
            {"type": "text", "content": f"<b>{KO_PARAS[2][:10]}</b>{KO_PARAS[2][10:]}"},
            {"type": "text", "content": "무단전재 및 재배포 금지"},
        ],
    }
    script = (f'<script type="application/javascript">window.Fusion=window.Fusion||{{}};Fusion.arcSite="ex";'
              f'Fusion.globalContent={json.dumps(content, ensure_ascii=False)};Fusion.globalContentConfig={{"source":"x"}};</script>')
    return shell(KO_TITLE, script, lang="ko")


def next_data_page() -> str:
    html = (f"<p>{EN_PARAS[0]}</p><figure><img src='a.jpg'><figcaption>{EN_CAPTION}</figcaption></figure>"
            f"<p>{EN_PARAS[1]}</p><h2>{EN_HEADER}</h2><p>{EN_PARAS[2]}</p>"
            "<p>Sign up for our newsletter to get the latest stories.</p>")
    data = {"props": {"pageProps": {
        "menu": [{"title": "Home", "url": "/"}],
        "post": {"title": EN_TITLE, "excerpt": "A bridge, a summer, a town.", "content": html,
                 "publishedAt": "2024-06-01T09:30:00Z", "updatedAt": "2024-06-02T10:00:00Z",
                 "author": {"name": "Jane Riverside"}},
        "related": [{"title": "Another story", "content": "<p>Short.</p>"}]}}, "page": "/[slug]"}
    return shell(EN_TITLE, f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script>')


def app_router_page() -> str:
    text = "".join(f"<p>{p}</p>" for p in EN_PARAS[:2]) + f"<h2>{EN_HEADER}</h2><p>{EN_PARAS[2]}</p>"
    article = {"article": {"headline": EN_TITLE, "body": "$a", "datePublished": "2024-06-01T09:30:00Z",
                           "authors": [{"firstName": "Jane", "lastName": "Riverside"}]}}
    payload = (f'0:["$","html",null,{{"children":"$L1"}}]\n'
               f"a:T{len(text.encode('utf-8')):x},{text}"
               f"2:{json.dumps(['$', '$L3', None, article])}\n")
    half = len(payload) // 2  # the stream arrives in several pushes, cut anywhere
    pushes = "".join(f"<script>self.__next_f.push({json.dumps([1, part])})</script>"
                     for part in (payload[:half], payload[half:]))
    return shell(EN_TITLE, "<script>(self.__next_f=self.__next_f||[]).push([0])</script>" + pushes)


def nuxt_page() -> str:
    """Nuxt 3's serialized state: a flat list in which containers hold indices into the list."""
    flat = [["ShallowReactive", 1], {"data": 2}, ["ShallowReactive", 3], {"story-1": 4},
            {"title": 5, "body": 6, "published_at": 7, "author": 8},
            EN_TITLE, "".join(f"<p>{p}</p>" for p in EN_PARAS), "2024-06-01T09:30:00+02:00", {"name": 9},
            "Jane Riverside"]
    return shell(EN_TITLE, f'<script type="application/json" id="__NUXT_DATA__" data-ssr="true">{json.dumps(flat)}</script>')


def nuxt2_page() -> str:
    """Nuxt 2's state: a function whose parameters carry the repeated values, in minified JS."""
    body = json.dumps("".join(f"<p>{p}</p>" for p in EN_PARAS))
    script = ("window.__NUXT__=(function(a,b,c,d){return {layout:\"default\",data:[{article:{title:b,content:c,"
              "published_at:a,author:{name:d},featured:!0,hero:void 0,score:-1.5}}],serverRendered:!0}}"
              f"(\"2024-06-01T09:30:00Z\",{json.dumps(EN_TITLE)},{body},\"Jane Riverside\"));")
    return shell(EN_TITLE, f"<script>{script}</script>")


def apollo_page() -> str:
    state = {"ROOT_QUERY": {"article({\"slug\":\"bridge\"})": {"__ref": "Article:1"}},
             "Article:1": {"__typename": "Article", "title": EN_TITLE, "dek": "A bridge, rebuilt by its town.",
                           "firstPublished": 1717234200000,
                           "blocks": [{"__typename": "ParagraphBlock", "text": EN_PARAS[0]},
                                      {"__typename": "AdBlock", "text": "Advertisement"},
                                      {"__typename": "ParagraphBlock", "text": EN_PARAS[1]},
                                      {"__typename": "HeadingBlock", "text": EN_HEADER},
                                      {"__typename": "ImageBlock", "caption": EN_CAPTION},
                                      {"__typename": "ParagraphBlock", "children": [
                                          {"text": EN_PARAS[2][:20]}, {"text": EN_PARAS[2][20:], "bold": True}]}]}}
    return shell(EN_TITLE, f"<script>window.__APOLLO_STATE__ = {json.dumps(state)};</script>")


def json_ld_page(teaser: bool = True) -> str:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": EN_TITLE,
          "datePublished": "2024-06-01T09:30:00Z", "author": {"@type": "Person", "name": "Jane Riverside"},
          "articleBody": "\n".join(EN_PARAS)}
    body = f"<article><h1>{EN_TITLE}</h1><p>{EN_PARAS[0][:90]}…</p><a href='/subscribe'>Subscribe to read more</a></article>"
    if not teaser:
        body = f"<article><h1>{EN_TITLE}</h1>" + "".join(f"<p>{p}</p>" for p in EN_PARAS) + "</article>"
    return shell(EN_TITLE, f'<script type="application/ld+json">{json.dumps(ld)}</script>', body=body)


def only(page: str, url: str = "https://news.example.com/2024/06/bridge", trace=None):
    articles = clean(page, url=url, trace=trace)
    assert len(articles) == 1, articles
    return articles[0]


def test_arc_global_content():
    trace = []
    a = only(arc_page(), "https://news.example.co.kr/local/2024/03/04/ABC123/", trace)
    assert a.title == KO_TITLE
    assert a.paragraphs == [KO_PARAS[0], KO_PARAS[1], KO_HEADER, KO_PARAS[2]]  # in order; link and copyright out
    assert a.captions == [KO_CAPTION]
    assert a.authors == ["홍길동", "김영희"]  # the printed bylines, not the name stored family name last
    assert a.published == datetime(2024, 3, 4, 10, 20, 30, tzinfo=KST)  # first publication, not the draft's creation
    assert a.modified == datetime(2024, 3, 4, 11, 5, tzinfo=KST)
    assert a.subtitle == ["연장 운영 인력 열두 명 새로 채용"]
    assert a.cleaner.endswith("+pagedata")
    named = {d.rule: d.text for d in trace}
    assert "first_publish_date" in named["pagedata:published"] and "Fusion.globalContent" in named["pagedata:body"]
    assert {"pagedata:title", "pagedata:authors", "pagedata:modified", "pagedata:captions", "pagedata:subtitle"} <= set(named)
    assert ("copyright", "무단전재 및 재배포 금지") in {(d.rule, d.text) for d in trace}  # the same rules as markup


def test_korean_names_stored_given_name_first():
    page = arc_page().replace('"byline": "홍길동 기자"', '"role": "기자"').replace('"byline": "김영희 기자"', '"role": "기자"')
    assert only(page, "https://news.example.co.kr/local/2024/03/04/ABC123/").authors == ["홍길동", "김영희"]


def test_next_data_html_is_cleaned_like_html():
    trace = []
    a = only(next_data_page(), trace=trace)
    assert a.title == EN_TITLE
    assert a.paragraphs == [EN_PARAS[0], EN_PARAS[1], EN_HEADER, EN_PARAS[2]]
    assert a.captions == [EN_CAPTION]
    assert a.authors == ["Jane Riverside"]
    assert a.published == datetime(2024, 6, 1, 9, 30, tzinfo=timezone.utc)
    assert a.modified == datetime(2024, 6, 2, 10, 0, tzinfo=timezone.utc)
    assert any(d.rule == "newsletter" for d in trace)
    assert "__NEXT_DATA__" in next(d.text for d in trace if d.rule == "pagedata:body")


def test_app_router_stream():
    a = only(app_router_page())
    assert a.paragraphs == [EN_PARAS[0], EN_PARAS[1], EN_HEADER, EN_PARAS[2]]
    assert a.authors == ["Jane Riverside"]
    assert a.published == datetime(2024, 6, 1, 9, 30, tzinfo=timezone.utc)


def test_nuxt_serialized_state():
    a = only(nuxt_page())
    assert a.paragraphs == EN_PARAS
    assert a.authors == ["Jane Riverside"]
    assert a.published == datetime(2024, 6, 1, 7, 30, tzinfo=timezone.utc)


def test_nuxt2_function_state():
    trace = []
    a = only(nuxt2_page(), trace=trace)
    assert a.paragraphs == EN_PARAS
    assert a.authors == ["Jane Riverside"]
    assert a.published == datetime(2024, 6, 1, 9, 30, tzinfo=timezone.utc)
    assert "__NUXT__" in next(d.text for d in trace if d.rule == "pagedata:body")


def test_apollo_cache_blocks():
    a = only(apollo_page())
    assert a.paragraphs == [EN_PARAS[0], EN_PARAS[1], EN_HEADER, EN_PARAS[2]]  # the ad block left out
    assert a.captions == [EN_CAPTION]
    assert a.subtitle == ["A bridge, rebuilt by its town."]
    assert a.published == datetime.fromtimestamp(1717234200, tz=timezone.utc)


def test_json_ld_article_body_beats_a_teaser():
    a = only(json_ld_page(teaser=True))
    assert a.paragraphs == EN_PARAS
    assert a.cleaner.endswith("+pagedata")


def test_markup_that_holds_the_story_is_kept():
    a = only(json_ld_page(teaser=False))
    assert a.paragraphs == EN_PARAS
    assert not a.cleaner.endswith("+pagedata")


def test_data_of_another_story_is_not_taken():
    page = next_data_page().replace(f"<title>{EN_TITLE}", "<title>Town council minutes").replace(
        f'content="{EN_TITLE}"', 'content="Town council minutes"')
    assert clean(page, url="https://news.example.com/2024/06/minutes") == []


@pytest.mark.parametrize("script", [
    '<script>window.__INITIAL_STATE__ = ' + "[" * 200_000 + "]" * 200_000 + ";</script>",  # too deep to parse
    '<script type="application/json" id="__NEXT_DATA__">' + "[" * 50_000 + "</script>",  # deep and broken
    '<script>window.__INITIAL_STATE__ = {"story": {"title": "' + EN_TITLE + '", "body": "' + "x" * 6_000_000 + '"}};</script>',
    '<script type="application/json">{"title": "' + EN_TITLE + '", "body": "<p>' + EN_PARAS[0] + '</p>'
    + '{"a": ' * 5_000 + "</script>",  # cut off mid-way
    "<script>self.__next_f.push([1,\"0:T7fffffff,abc\\n1:[[[[\"])</script>",  # a text row longer than the stream
    "<script>window.__NUXT__=(function(a){return " + "{x:" * 3_000 + "a" + "}" * 3_000 + "}(1));</script>",  # deep JS
    "<script>window.__NUXT__=(function(a){return {title:" + json.dumps(EN_TITLE) + ",body:a.b()}}(1));</script>",
])
def test_hostile_data_gives_an_answer(script):
    assert clean(shell(EN_TITLE, script * 2), url="https://news.example.com/x") == []


def test_walk_is_bounded():
    wide = {"items": [{"title": f"item {i}", "body": "y"} for i in range(pagedata.MAX_NODES)]}
    page = shell(EN_TITLE, f"<script>window.__PRELOADED_STATE__ = {json.dumps(wide)};</script>")
    assert clean(page, url="https://news.example.com/x") == []


def test_cli_reads_page_data(tmp_path):
    (tmp_path / "arc.html").write_text(arc_page(), encoding="utf-8")
    (tmp_path / "next.html").write_text(next_data_page(), encoding="utf-8")
    res = run_cli("clean", tmp_path, "--format", "jsonl", "--explain", "--ordered")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["title"] for r in rows] == [KO_TITLE, EN_TITLE]
    assert rows[0]["authors"] == ["홍길동", "김영희"] and rows[0]["published"] == "2024-03-04T10:20:30+09:00"
    assert rows[1]["body"].split("\n\n") == [EN_PARAS[0], EN_PARAS[1], EN_HEADER, EN_PARAS[2]]
    assert "[pagedata:published]" in res.stderr and "first_publish_date" in res.stderr
