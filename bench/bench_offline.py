"""Offline cleaning at scale: pages per second with 1 and 2 jobs on a WARC of the fixture
pages, and peak memory of the whole process tree while cleaning a large WARC.

    .venv/bin/python bench/bench_offline.py [--records 3000] [--big-mb 1024] [--repeat 2]

The baseline for the speed ratio is `--jobs 1` measured in the same run. Memory is the
proportional set size (PSS) of the command and its workers summed, sampled every 50 ms, so
pages shared between the parent and its forked workers are not counted twice; the sum of
plain RSS is printed too, as an upper bound. Everything generated lives in a temporary
folder that is deleted at the end.
"""
from __future__ import annotations

import argparse
import gzip
import io
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402


def fixture_pages() -> list[tuple[str, bytes]]:
    pages = [("text/plain; charset=utf-8", p.read_bytes()) for p in sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))]
    pages += [("text/html", p.read_bytes()) for p in sorted((ROOT / "fixtures").rglob("*.html"))]
    return pages


def write_warc(path: Path, records: int = 0, until_bytes: int = 0) -> tuple[int, int]:
    """A WARC of the fixture pages repeated, each response preceded by its request record
    as a crawler writes it. Stops after `records` responses or once the file passes `until_bytes`."""
    pages = fixture_pages()
    n = 0
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        while (records and n < records) or (until_bytes and f.tell() < until_bytes):
            ctype, body = pages[n % len(pages)]
            url = f"https://news.example.com/article/{n}"
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.com")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=req))
            head = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=head))
            n += 1
    return n, path.stat().st_size


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    pss = rss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
        except OSError:
            pass
    return pss, rss


def _burn(n: int) -> None:
    s = 0
    for i in range(n):
        s += i * i


def parallel_headroom(n: int = 5_000_000) -> float:
    """How much faster two CPU-bound processes finish than one, right now, on this machine:
    the ceiling for the 2-vs-1 ratio (other load on the machine lowers it)."""
    import multiprocessing

    start = time.perf_counter()
    _burn(n)
    _burn(n)
    serial = time.perf_counter() - start
    procs = [multiprocessing.Process(target=_burn, args=(n,)) for _ in range(2)]
    start = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return serial / (time.perf_counter() - start)


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def run_clean(warc: Path, jobs: int, watch_memory: bool = False) -> dict:
    cmd = [sys.executable, "-m", "declutter", "clean", str(warc), "--jobs", str(jobs), "--output", os.devnull]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    peak = {"pss": 0, "rss": 0, "parent_cpu": 0.0}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)

    def watch():
        while proc.poll() is None:
            peak["parent_cpu"] = max(peak["parent_cpu"], _cpu_seconds(proc.pid))
            if watch_memory:
                pss, rss = _memory(_tree(proc.pid))
                peak["pss"], peak["rss"] = max(peak["pss"], pss), max(peak["rss"], rss)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    summary = err.strip().splitlines()[-1]
    pages = int(summary.split(": ", 1)[1].split()[0])
    return {"seconds": seconds, "pages": pages, "rate": pages / seconds, "summary": summary, **peak}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=3000, help="HTML/text responses in the speed WARC")
    ap.add_argument("--big-mb", type=int, default=1024, help="size of the memory WARC in MB (0 to skip)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per job count; the best is kept")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "fixtures.warc.gz"
        n, size = write_warc(warc, records=args.records)
        print(f"speed WARC: {n:,} responses ({len(fixture_pages())} fixture pages repeated), {size / 1e6:.1f} MB gzip")
        headroom = parallel_headroom()
        runs: dict[int, list[dict]] = {1: [], 2: []}
        for _ in range(args.repeat):  # interleaved, so drifting load on the machine hits both alike
            for jobs in (1, 2):
                runs[jobs].append(run_clean(warc, jobs))
        best = {jobs: max(rs, key=lambda r: r["rate"]) for jobs, rs in runs.items()}
        for jobs, r in best.items():
            print(f"  --jobs {jobs}: {r['rate']:7.1f} pages/s  ({r['seconds']:.1f} s wall, {r['cpu']:.1f} s CPU "
                  f"of which parent {r['parent_cpu']:.1f} s; {r['summary']})")
        ratio = best[2]["rate"] / best[1]["rate"]
        print(f"  2 jobs vs 1 job: {ratio:.2f}x pages per second "
              f"(this machine's parallel headroom right now: {headroom:.2f}x for two pure-CPU processes)")
        if args.big_mb:
            big = Path(tmp) / "big.warc.gz"
            n, size = write_warc(big, until_bytes=args.big_mb * 1024**2)
            print(f"memory WARC: {n:,} responses, {size / 1e6:.0f} MB gzip "
                  f"({sum(len(b) for _, b in fixture_pages()) * n // len(fixture_pages()) / 1e9:.1f} GB of pages)")
            r = run_clean(big, 2, watch_memory=True)
            print(f"  --jobs 2: peak PSS {r['pss'] / 2**20:.0f} MiB (RSS sum {r['rss'] / 2**20:.0f} MiB), "
                  f"{r['rate']:.1f} pages/s, {r['seconds']:.0f} s; {r['summary']}")
            small = Path(tmp) / "small.warc.gz"
            write_warc(small, until_bytes=args.big_mb * 1024**2 // 16)
            s = run_clean(small, 2, watch_memory=True)
            print(f"  same on a WARC 1/16 the size: peak PSS {s['pss'] / 2**20:.0f} MiB "
                  f"-> {args.big_mb}MB / {args.big_mb // 16}MB peak ratio {r['pss'] / s['pss']:.2f}x")


if __name__ == "__main__":
    main()
