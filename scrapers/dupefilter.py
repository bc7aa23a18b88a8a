"""The in-run duplicate filter, aware of redirects.

Scrapy's filter would silently drop the second visit of a redirect loop (A -> B -> A) as a
duplicate, so the loop left no trace. Letting redirected requests through makes a loop run
into REDIRECT_MAX_TIMES, which fails the request and so records an error.
"""
from __future__ import annotations

from scrapy.dupefilters import RFPDupeFilter


class RedirectAwareDupeFilter(RFPDupeFilter):
    def request_seen(self, request) -> bool:
        if request.meta.get("redirect_times"):
            return False
        return super().request_seen(request)
