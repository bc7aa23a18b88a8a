"""The spiders: one per site of the registry (cleaners.sites), declared from its entry, and
`generic` for any URL. A site whose spider needs code (Naver's section and press arguments)
subclasses its declaration in a module of its own and is listed in OWN_MODULE."""
from cleaners.sites import sites

from .base import SiteSpider
from .naver import NaverSpider

OWN_MODULE = {NaverSpider.name: NaverSpider}



def _declare() -> None:
    for site in sites():
        if site.name not in OWN_MODULE:
            cls = SiteSpider.declare(site, module=__name__)
            globals()[cls.__name__] = cls


_declare()
