"""A made-up news site in etoday's 2019 markup, with the variation of a real one, for the
site-health tests and bench/health_drift.py.

Every article is drawn from a seeded random generator: 1 to 14 paragraphs (short flash
items among long stories), a photo with its caption on most pages, a byline on most, an ad
inside the body on some, and now and then a photo-gallery page the profile does not serve
(the generic path takes it) or an error page. `variant` changes the markup the way sites
do without warning:

    steady     the site as it is
    renamed    classes and ids renamed (headline, body container, clutter blocks)
    moved      the body container keeps only the lead; the rest of the text moved out of it
    clutter    the reaction-counter block repeated six times
    byline     only the byline box renamed (the profile still serves; authors go missing)
    emptyfeed  (a site option, not a page variant) the RSS feed lists nothing

`write_site(root, ids, ...)` writes a fixture tree for scrapers.localsite (each page with
its `.json` giving the URL), served by `declutter crawl etoday --sample --sample-dir root`.
"""
from __future__ import annotations

import json
import random
from html import escape
from pathlib import Path

ORIGIN = "https://www.etoday.co.kr"
FEED = "https://rss.etoday.co.kr/eto/etoday_news_all.xml"

SENTENCES = [
    "정부는 내년 예산안에서 연구개발 분야 지출을 올해보다 크게 늘리기로 했다.",
    "업계에서는 이번 조치가 중소기업의 자금 사정에 숨통을 틔울 것으로 보고 있다.",
    "한국은행은 기준금리를 동결하고 물가 흐름을 지켜보겠다는 입장을 밝혔다.",
    "회사 측은 올해 하반기 신제품 세 종을 잇달아 출시할 계획이라고 설명했다.",
    "전문가들은 수출 회복세가 이어지려면 반도체 업황 개선이 필수적이라고 입을 모았다.",
    "서울시는 노후 주거지역 정비 사업을 위한 지원 예산을 두 배로 늘린다.",
    "이번 협약으로 두 기관은 인력 교류와 공동 연구를 본격적으로 추진하게 된다.",
    "증권가에서는 실적 발표를 앞두고 목표주가를 잇달아 상향 조정하고 있다.",
    "소비자 단체는 가격 인상 폭이 지나치다며 정부의 적극적인 감독을 요구했다.",
    "관계자는 \u201c시장 상황을 면밀히 살펴 필요한 대책을 마련하겠다\u201d고 말했다.",
    "지난달 취업자 수는 전년 같은 달보다 20만 명가량 늘어난 것으로 집계됐다.",
    "부동산 시장에서는 거래량 회복이 더디게 나타나면서 관망세가 짙어지고 있다.",
    "이 회사는 해외 법인을 통해 동남아시아 시장 공략에 속도를 내고 있다.",
    "금융당국은 가계부채 관리를 위해 대출 심사 기준을 한층 강화하기로 했다.",
    "행사에는 관련 기업 대표와 학계 전문가 등 200여 명이 참석했다.",
    "업체는 안전 점검을 마친 뒤 다음 달부터 공장을 정상 가동할 예정이다.",
]
TITLES = ["반도체 수출 석 달 연속 증가", "기준금리 동결, 하반기 인하 기대", "중소기업 자금난 숨통",
          "노후 주거지 정비 예산 두 배로", "해외 법인 통한 동남아 공략 가속", "가계부채 관리 강화 나선다",
          "신제품 세 종 잇달아 출시", "취업자 20만 명 증가"]
NAMES = ["홍길동", "김민지", "이서준", "박지현", "최현우", "정예린"]

_MARKUP = {  # class/id names of the 2019 layout, and what `renamed` turns them into
    "steady": {"title": "main_title", "body": "articleView", "info": "newsinfo", "reporter": "reporter_area",
               "img": "imgBox", "imgtxt": "imgTxt", "ad": "ad_box", "react": "reaction_box",
               "font": "font_size_box", "share": "share_box"},
    "renamed": {"title": "headline_tit", "body": "article_body", "info": "art_info", "reporter": "byline_box",
                "img": "photo_box", "imgtxt": "photo_cap", "ad": "ad_slot", "react": "emotion_box",
                "font": "text_size", "share": "sns_box"},
}


def _paragraph(rng: random.Random) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 4)))


def article_html(n: int, rng: random.Random, variant: str = "steady") -> str:
    """One article page, id `n`, drawn from `rng`."""
    m = _MARKUP["renamed" if variant == "renamed" else "steady"]
    if variant == "byline":
        m = {**m, "reporter": _MARKUP["renamed"]["reporter"]}
    kind = rng.random()
    flash = kind < 0.15
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(1, 2) if flash else rng.randint(3, 14))]
    title = f"{rng.choice(TITLES)} ({n})"
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    stamp = f'<div class="{m["info"]}"><span class="date">입력 {day} {rng.randint(6, 22):02d}:{rng.randint(0, 59):02d}</span></div>' \
        if rng.random() < 0.97 else ""
    byline = f'<div class="{m["reporter"]}"><span class="name">{rng.choice(NAMES)} 기자</span></div>' \
        if rng.random() < 0.85 else ""
    photo = ""
    if rng.random() < 0.6:
        caption = f"▲{rng.choice(SENTENCES)[:-1]}.(사진제공=이투데이)"
        photo = (f'<div class="{m["img"]}"><img src="https://img.etoday.co.kr/{n}.jpg" alt="">'
                 f'<div class="{m["imgtxt"]}">{escape(caption)}</div></div>')
    ps = [f"<p>{escape(p)}</p>" for p in paragraphs]
    if rng.random() < 0.5:
        ps.insert(min(2, len(ps)), f'<div class="{m["ad"]}"><script>googletag.display("ad");</script>광고</div>')
    reactions = (f'<div class="{m["react"]}"><ul><li><button>좋아요<span>{rng.randint(0, 9)}</span></button></li>'
                 f'<li><button>화나요<span>0</span></button></li><li><button>슬퍼요<span>0</span></button></li>'
                 '<li><button>추가취재 원해요<span>0</span></button></li></ul></div>')
    if variant == "clutter":
        reactions *= 6
    if variant == "moved":
        inside, outside = ps[:1], ps[1:]
    else:
        inside, outside = ps, []
    if kind > 0.96:  # a photo gallery: no article container at all
        main = f'<div class="gallery"><h2>{escape(title)}</h2>{photo}{"".join(ps)}</div>'
    else:
        main = (f'<div class="{m["body"]}" id="{m["body"]}" itemprop="articleBody">{photo}{"".join(inside)}</div>'
                + (f'<div class="article_more">{"".join(outside)}</div>' if outside else ""))
    return f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="UTF-8"><title>{escape(title)} - 이투데이</title>
<meta property="og:site_name" content="이투데이"><meta property="og:title" content="{escape(title)}">
<meta property="og:url" content="{ORIGIN}/news/view/{n}"><meta property="article:section" content="경제">
<link rel="canonical" href="{ORIGIN}/news/view/{n}"></head>
<body><header><ul class="gnb"><li><a href="/news/section/1">경제</a></li><li><a href="/news/section/2">증권</a></li>
<li><a href="/news/section/3">부동산</a></li></ul></header>
<section class="view_wrap"><div class="subview_title"><h1 class="{m["title"]}">{escape(title)}</h1>{stamp}
<div class="view_util"><div class="{m["font"]}"><button>글자크기</button></div>
<div class="{m["share"]}"><a href="#">페이스북</a><a href="#">카카오톡</a><a href="#">링크복사</a></div></div></div>
<div class="l_content_module">{main}{byline}{reactions}
<div class="copyright_txt">© 이투데이. 무단전재 및 재배포 금지</div></div>
<aside><div class="main_news_box"><h3>주요 뉴스</h3><ul><li><a href="/news/view/1">{escape(TITLES[0])}</a></li>
<li><a href="/news/view/2">{escape(TITLES[1])}</a></li></ul></div></aside></section>
<footer><p>(주)이투데이 · 서울특별시 강남구</p></footer></body></html>
"""


def error_html() -> str:
    return ("<!DOCTYPE html><html lang=\"ko\"><head><meta charset=\"UTF-8\"><title>페이지를 찾을 수 없습니다</title></head>"
            "<body><h1>페이지를 찾을 수 없습니다</h1><p>요청하신 페이지가 없습니다.</p></body></html>")


def page_html(n: int, seed: int, variant: str = "steady") -> str:
    """Page `n` of the site, the same for the same seed and variant."""
    rng = random.Random(f"{seed}:{n}")
    if rng.random() < 0.01:
        return error_html()
    return article_html(n, rng, variant)


def write_site(root: Path, ids, seed: int = 1, variant: str = "steady", empty_feed: bool = False) -> Path:
    """The fixture tree of the site with articles `ids` (added to what `root` holds), in
    `variant` markup."""
    folder = Path(root) / "etoday"
    folder.mkdir(parents=True, exist_ok=True)
    for n in ids:
        (folder / f"{n}.html").write_text(page_html(n, seed, variant), encoding="utf-8")
        (folder / f"{n}.json").write_text(json.dumps({"url": f"{ORIGIN}/news/view/{n}"}), encoding="utf-8")
    if empty_feed:
        (folder / "feed.html").write_text('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                                          "<title>이투데이</title></channel></rss>\n", encoding="utf-8")
        (folder / "feed.json").write_text(json.dumps({"url": FEED,
                                                      "content_type": "application/rss+xml"}), encoding="utf-8")
    return Path(root)
