"""Naver News: every press's articles at n.news.naver.com/mnews/article/OID/AID (and the
older read.naver / read.nhn, sports and entertainment pages), listed per section and day.

`-a section=101,105` picks sections (a `101/259` sub-section reads the newer
breakingnews list); `-a press=001,009` adds each press's own list per day."""
from cleaners.sites.naver import SECTION_LIST, SECTIONS, SITES

from .base import SiteSpider

SUBSECTION_LIST = "https://news.naver.com/breakingnews/section/{sid}?date={{date}}"
PRESS_LIST = "https://news.naver.com/main/list.naver?mode=LPOD&mid=sec&oid={oid}&date={{date}}"


class NaverSpider(SiteSpider.declare(SITES[0])):
    sections = SECTIONS

    def __init__(self, *args, section: str | None = None, press: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        sids = [s.strip() for s in (section or self.sections).split(",") if s.strip()]
        self.listings = [(SUBSECTION_LIST if "/" in sid else SECTION_LIST).format(sid=sid) for sid in sids]
        self.listings += [PRESS_LIST.format(oid=oid.strip()) for oid in (press or "").split(",") if oid.strip()]
        self.chosen = " ".join(f"{k}={v}" for k, v in (("section", section), ("press", press)) if v)

    def run_args(self) -> str:
        return " ".join(filter(None, [super().run_args(), self.chosen]))
