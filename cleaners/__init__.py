"""Pure cleaning: page content in, articles out. No network, no database, no Scrapy.

    from cleaners import clean
    articles = clean(open("page.html", "rb").read(), url="https://example.com/a/1")

Three paths give one result: a site profile when the URL (or the page) names a known
site, the generic HTML path otherwise, and the text-dump path for pages saved as text.
"""
from .decode import UnreadableInput, decode, looks_like_html
from .model import Article, Drop, Page
from .pipeline import clean, clean_strict

__all__ = ["Article", "Drop", "Page", "UnreadableInput", "clean", "clean_strict", "decode", "looks_like_html"]
