"""Peak memory of a crawl whose one sitemap lists 500,000 URLs, with --max-pages 50.

    .venv/bin/python bench/crawl_memory.py [URLS]

The sitemap (gzipped, about 1.4 MB) is built here and served on 127.0.0.1 with one small
article page; the crawl runs as `declutter crawl` in a child process, whose peak RSS
(getrusage of the waited-for children: the crawl, or a cleaning worker if larger) is
reported with the article requests the server saw. Memory, not speed: no baseline needed.
"""
import gzip
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostsite import Site, article, page, urlset  # noqa: E402


def main(urls: int = 500_000) -> None:
    routes = {"/news/a": page(article("Listed article"))}
    with Site(routes) as site, tempfile.TemporaryDirectory() as tmp:
        many = gzip.compress(urlset(f"{site.base}/news/a?n={i:07d}" for i in range(urls)), mtime=0)
        routes["/many.xml.gz"] = page(many, "application/x-gzip")
        start = time.monotonic()
        res = subprocess.run([sys.executable, "-m", "declutter", "crawl", site.base + "/many.xml.gz",
                              "--db", f"{tmp}/news.db", "--max-pages", "50", "-s", "DECLUTTER_CLEAN_WORKERS=1",
                              "-s", "DECLUTTER_PROGRESS_INTERVAL=0"], capture_output=True, text=True, cwd=ROOT)
        wall = time.monotonic() - start
        fetched = len({p for p in site.log if p.startswith("/news/a")})
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"sitemap of {urls:,} URLs ({len(many) / 1e6:.1f} MB gzipped), --max-pages 50: exit {res.returncode}, "
          f"{fetched} articles fetched, peak RSS {peak:.0f} MB, {wall:.1f} s")
    print(res.stderr.strip().splitlines()[-1])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500_000)
