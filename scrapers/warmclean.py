"""Imported once in the cleaning pool's fork server (scrapers.pipelines): cleaning two small
pages there loads what a first clean loads lazily, so every worker forked from it starts
warm, and a page's cleaning time bound is spent on the page."""
from .health import clean_counted

clean_counted(b"<html><head><title>t</title></head><body><p>warm up</p></body></html>", url="http://warm.example/a/1")
clean_counted(b"warm\nup")
