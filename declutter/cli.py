"""`declutter`: the entry point. Subcommands live in declutter.commands, one module each."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from . import __version__

COMMANDS = ["clean", "export", "search", "stats", "reclean", "crawl", "store", "serve_sample", "serve", "health", "check",
            "learn", "sites"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="declutter", description="Keep the article, drop the clutter.")
    parser.add_argument("--version", action="version", version=f"declutter {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages to stderr")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"declutter.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # the logger's name helps whoever debugs (-v), not whoever reads a warning
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s" if args.verbose else "declutter: %(message)s")
    if not args.verbose:
        # trafilatura warns of each page it finds no text in ("discarding data: None"); the
        # page's outcome is ours to report, and is (no article, or an error line)
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("declutter: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `declutter export | head` is normal use
        return 0
    except Exception as exc:
        # a database that cannot be used is the user's to fix: one line, no traceback
        # (storage is looked up, not imported, so commands without a database stay quick)
        store = sys.modules.get("storage.store")
        if store and isinstance(exc, store.StoreError):
            print(f"declutter: {exc}", file=sys.stderr)
            return 1
        sites = sys.modules.get("cleaners.sites")
        if sites and isinstance(exc, sites.UnknownSite):  # a site argument no site answers to
            print(f"declutter {args.command}: {exc}", file=sys.stderr)
            return 2
        raise
