"""Learned site profiles: a site's layouts learned from its own pages (docs/learned-layouts.md).

    from cleaners import clean
    from cleaners.learn import learn_site
    profile = learn_site([(html_bytes, url), ...])     # pages of one site
    articles = clean(html, url=url, learned=profile)    # hand-written, learned, generic

Pure like the rest of `cleaners`: no database, no Scrapy."""
from .learner import Learned, LayoutReport, learn, learn_site
from .profile import LearnedProfile, from_spec
from .registry import install, installed, resolve
from .site import site_of

__all__ = ["Learned", "LayoutReport", "LearnedProfile", "from_spec", "install", "installed", "learn",
           "learn_site", "resolve", "site_of"]
