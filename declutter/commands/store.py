"""`declutter store --redis URL --db FILE`: the one writer of a distributed crawl.

Stores what the workers (`declutter crawl ... --redis URL`) put in Redis, and keeps there the
set of stored URLs they skip. Runs until stopped: SIGTERM or Ctrl-C stores the result in hand
and exits 0. A bare `--redis` reads the URL from DECLUTTER_REDIS_URL (a password then stays
off the process list); a URL is printed with its password as ***. `--status` says what waits
in Redis and what was dead-lettered, and why. With DECLUTTER_SHARED_KEY set (the workers'
key), results not signed with it are dead-lettered. See scrapers.redis_writer.
"""
from __future__ import annotations

import json
import signal
import sys
import time


def register(sub) -> None:
    p = sub.add_parser("store", help="store what distributed crawl workers fetched (the one writer)",
                       description="Drain the results of distributed crawl workers from Redis into "
                                   "the database, until stopped (SIGTERM or Ctrl-C: exit 0).")
    p.add_argument("--redis", nargs="?", const="", default="", metavar="URL",
                   help="the workers' Redis: redis://host:port/db; without URL (or without the "
                        "option) read from DECLUTTER_REDIS_URL")
    p.add_argument("--db", metavar="FILE", help="the SQLite database (created if missing); required but with --status")
    p.add_argument("--status", action="store_true",
                   help="print the results waiting, the one in hand and the dead-lettered ones (with why), and exit")
    p.set_defaults(func=run)


def run(args) -> int:
    import redis

    from scrapers.redis_queue import connect, redact, shared_key, url_from
    from scrapers.redis_writer import Writer, WriterBusy
    from storage import Store

    try:
        url = url_from(args.redis)
    except ValueError as exc:
        print(f"declutter store: {exc}", file=sys.stderr)
        return 2
    if not args.db and not args.status:
        print("declutter store: --db FILE is required (or --status)", file=sys.stderr)
        return 2
    try:
        server = connect(url)
        server.ping()
    except (ValueError, redis.RedisError) as exc:
        print(f"declutter store: {redact(url)}: cannot reach Redis ({redact(str(exc))})", file=sys.stderr)
        return 1
    if args.status:
        return status(server)
    store = Store(args.db)   # a StoreError is reported by the CLI in one line
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    writer = Writer(server, store, shared_key())
    started = time.monotonic()
    try:
        done = writer.run(stop=lambda: bool(stopping))
    except WriterBusy as exc:
        print(f"declutter store: {exc}", file=sys.stderr)
        return 3
    except redis.RedisError as exc:
        print(f"declutter store: {redact(url)}: {redact(str(exc))}", file=sys.stderr)
        return 1
    finally:
        store.close()
    per = writer.busy_seconds / done["results"] * 1000 if done["results"] else 0.0
    print(f"declutter store: stopped after {time.monotonic() - started:.1f}s: {done['results']} results "
          f"({done['pages']} pages, {done['errors']} errors, {done['runs']} runs begun"
          f"{f', {n} dead-lettered' if (n := done['bad']) else ''}), "
          f"{per:.2f} ms per result", file=sys.stderr)
    return 0


def status(server, last: int = 5) -> int:
    """What waits in Redis for the writer, and the newest dead letters with their reasons."""
    from scrapers import redis_queue as rq

    writer = (server.get(rq.WRITER) or b"").decode() or "none"
    print(f"results waiting: {server.llen(rq.RESULTS)}, in hand: {server.llen(rq.PROCESSING)}, "
          f"writer: {writer}, dead-lettered: {server.llen(rq.DEAD)} ({rq.DEAD})")
    for raw in server.lrange(rq.DEAD_WHY, 0, last - 1):
        why = json.loads(raw)
        print(f"  {why['at']}  {why.get('type') or '?'} message, {why['bytes']:,} bytes: {why['reason']}")
    return 0
