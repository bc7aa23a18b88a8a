"""Naver News: every press's articles at n.news.naver.com/mnews/article/OID/AID (and the
older read.naver / read.nhn, sports and entertainment pages), listed per section and day.

`-a section=101,105` picks sections (a `101/259` sub-section reads the newer
breakingnews list); `-a press=001,009` adds each press's own list per day."""
from .base import SiteSpider

SECTION_LIST = "https://news.naver.com/main/list.naver?mode=LSD&mid=sec&sid1={sid}&date={{date}}"
SUBSECTION_LIST = "https://news.naver.com/breakingnews/section/{sid}?date={{date}}"
PRESS_LIST = "https://news.naver.com/main/list.naver?mode=LPOD&mid=sec&oid={oid}&date={{date}}"


class NaverSpider(SiteSpider):
    name = "naver"
    origin = "https://n.news.naver.com"
    domains = ["news.naver.com", "m.news.naver.com", "media.naver.com", "sports.news.naver.com",
               "m.sports.naver.com", "entertain.naver.com", "m.entertain.naver.com"]
    sections = "100,101,102,103,104,105"  # 정치, 경제, 사회, 생활/문화, 세계, IT/과학
    listings = [SECTION_LIST.format(sid=sid) for sid in sections.split(",")]
    strip_params = ["sid", "ntype", "rc"]  # section and referrer marks on list links
    article_patterns = [r"^https?://n\.news\.naver\.com/(?:mnews/)?article/\d{3}/\d{10}",
                        r"^https?://(?:m\.)?news\.naver\.com/(?:main/)?read\.(?:naver|nhn)\?(?:.*&)?aid=\d+",
                        r"^https?://(?:m\.)?sports\.(?:news\.)?naver\.com/(?:.*/)?(?:news(?:\.nhn)?\?|article/\d{3}/\d{10})",  # news?oid= is the short form pages name as og:url
                        r"^https?://(?:m\.)?entertain\.naver\.com/(?:read\?|article/\d{3}/\d{10})"]

    def __init__(self, *args, section: str | None = None, press: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        sids = [s.strip() for s in (section or self.sections).split(",") if s.strip()]
        self.listings = [(SUBSECTION_LIST if "/" in sid else SECTION_LIST).format(sid=sid) for sid in sids]
        self.listings += [PRESS_LIST.format(oid=oid.strip()) for oid in (press or "").split(",") if oid.strip()]
        self.chosen = " ".join(f"{k}={v}" for k, v in (("section", section), ("press", press)) if v)

    def run_args(self) -> str:
        return " ".join(filter(None, [super().run_args(), self.chosen]))
