"""`declutter store --redis URL --db FILE`: the one writer of a distributed crawl.

Stores what the workers (`declutter crawl ... --redis URL`) put in Redis, and keeps there the
set of stored URLs they skip. Runs until stopped: SIGTERM or Ctrl-C stores the result in hand
and exits 0. See scrapers.redis_writer.
"""
from __future__ import annotations

import signal
import sys
import time


def register(sub) -> None:
    p = sub.add_parser("store", help="store what distributed crawl workers fetched (the one writer)",
                       description="Drain the results of distributed crawl workers from Redis into "
                                   "the database, until stopped (SIGTERM or Ctrl-C: exit 0).")
    p.add_argument("--redis", required=True, metavar="URL", help="the workers' Redis: redis://host:port/db")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database (created if missing)")
    p.set_defaults(func=run)


def run(args) -> int:
    import redis

    from scrapers.redis_queue import connect
    from scrapers.redis_writer import Writer, WriterBusy
    from storage import Store

    try:
        server = connect(args.redis)
        server.ping()
    except (ValueError, redis.RedisError) as exc:
        print(f"declutter store: {args.redis}: cannot reach Redis ({exc})", file=sys.stderr)
        return 1
    store = Store(args.db)   # a StoreError is reported by the CLI in one line
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    writer = Writer(server, store)
    started = time.monotonic()
    try:
        done = writer.run(stop=lambda: bool(stopping))
    except WriterBusy as exc:
        print(f"declutter store: {exc}", file=sys.stderr)
        return 3
    except redis.RedisError as exc:
        print(f"declutter store: {args.redis}: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    per = writer.busy_seconds / done["results"] * 1000 if done["results"] else 0.0
    print(f"declutter store: stopped after {time.monotonic() - started:.1f}s: {done['results']} results "
          f"({done['pages']} pages, {done['errors']} errors, {done['runs']} runs begun"
          f"{f', {n} unreadable, dropped' if (n := done['bad']) else ''}), "
          f"{per:.2f} ms per result", file=sys.stderr)
    return 0
