"""`declutter clean PATH...`: clean saved pages (text dumps, HTML) into articles."""
from __future__ import annotations

import sys

from cleaners import UnreadableInput, clean_strict
from cleaners.model import Drop

from ..inputs import InputError, pages
from ..sinks import StreamSink, Summary


def register(sub) -> None:
    p = sub.add_parser("clean", help="clean saved pages into articles",
                       description="Clean saved pages (.txt dumps, .html, .htm, .html.gz, folders).")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--format", choices=["jsonl", "text"], default="jsonl", help="output format (default jsonl)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--url", help="the URL the page(s) came from, to choose a site profile")
    p.add_argument("--explain", action="store_true",
                   help="print each dropped line with the rule that dropped it (to stderr)")
    p.set_defaults(func=run)


def report(error: InputError) -> None:
    print(f"declutter: {error.source}: {error.reason}", file=sys.stderr)


def run(args) -> int:
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    sink = StreamSink(out, args.format)
    summary = Summary()
    sink.begin("clean")
    try:
        for item in pages(args.paths, url=args.url):
            if isinstance(item, InputError):
                summary.errors += 1
                report(item)
                sink.error(item)
                continue
            trace: list[Drop] | None = [] if args.explain else None
            try:
                articles = clean_strict(item.body, item.url, trace=trace, fetched=item.fetched, source=item.source)
            except UnreadableInput as exc:
                error = InputError(item.source or "?", str(exc), stage="clean")
                summary.errors += 1
                report(error)
                sink.error(error)
                continue
            except Exception as exc:  # a cleaner bug must not stop the run; name it
                error = InputError(item.source or "?", f"cleaner failed: {type(exc).__name__}: {exc}", stage="clean")
                summary.errors += 1
                report(error)
                sink.error(error)
                continue
            if trace:
                for drop in trace:
                    print(f"{item.source}: [{drop.rule}] {drop.text}", file=sys.stderr)
            summary.pages += 1
            summary.articles += len(articles)
            sink.page(item, articles)
    finally:
        sink.end(summary)
        if out is not sys.stdout:
            out.close()
    print(f"declutter clean: {summary.line()}", file=sys.stderr)
    return 1 if summary.errors else 0
