"""`declutter clean PATH...`: clean saved pages (text dumps, HTML, WARC) into articles.

Reading and writing happen in this process; cleaning happens in a pool of worker processes
(declutter.pool), and the sink sees each page with its articles here, in the parent."""
from __future__ import annotations

import sys

from ..inputs import InputError, Skipped, count_items, pages
from ..pool import clean_all, default_jobs
from ..progress import Progress
from ..sinks import StoreSink, StreamSink, Summary
from . import at_least, format_name


def register(sub) -> None:
    p = sub.add_parser("clean", help="clean saved pages into articles",
                       description="Clean saved pages: .txt dumps, .html, .htm, .html.gz, .warc, .warc.gz, "
                                   "folders of them, or - for stdin.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, WARC archives, or - for stdin")
    p.add_argument("--format", type=format_name, choices=["jsonl", "text"],
                   help="output format (default jsonl; with --db, nothing is printed unless --format or --output is given)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--db", metavar="FILE", help="store pages, articles, the run and its errors in this SQLite database")
    p.add_argument("--url", help="the URL a saved page came from (default: its canonical link or og:url; "
                                 "WARC records carry their own)")
    p.add_argument("--glob", action="append", metavar="PATTERN",
                   help="in folders, take the files matching PATTERN (e.g. '*.html'; repeatable) "
                        "instead of every known page suffix")
    p.add_argument("--jobs", "-j", type=at_least(1), default=default_jobs(), metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--ordered", action="store_true",
                   help="write results in input order (default: as soon as each page is done)")
    p.add_argument("--explain", action="store_true",
                   help="print each dropped line with the rule that dropped it (to stderr)")
    p.set_defaults(func=run)


def run(args) -> int:
    from contextlib import nullcontext

    from ..outputs import output_problem, replaced

    if args.jobs < 1:
        print("declutter clean: --jobs must be at least 1", file=sys.stderr)
        return 2
    if args.output and (problem := output_problem(args.output, db=args.db)):
        print(f"declutter clean: {problem}", file=sys.stderr)
        return 2
    with replaced(args.output) if args.output else nullcontext(sys.stdout) as out:
        return _clean(args, out)


def _clean(args, out) -> int:
    sink = StreamSink(out, args.format or "jsonl") if args.format or args.output or not args.db else None
    if args.db:
        from storage import Store
        sink = StoreSink(Store(args.db), also=sink, args=" ".join(args.paths))
    summary = Summary()
    # the bar would tear articles printed to the same terminal, so it shows only beside a file or database
    prints_here = out is sys.stdout and bool(args.format or not args.db) and sys.stdout.isatty()
    progress = Progress(sys.stderr, enabled=sys.stderr.isatty() and not prints_here,
                        total=count_items(args.paths, args.glob))
    sink.begin("clean")
    health = learner = None
    if args.db:  # site health: each page's figures, stored with the run
        from ..sitehealth import HealthRecorder
        health = HealthRecorder()
        learner = _learner(sink.store)
    try:
        for done in clean_all(pages(args.paths, url=args.url, globs=args.glob), jobs=args.jobs,
                              ordered=args.ordered, explain=args.explain or health is not None,
                              analyse=bool(args.db)):
            item = done.item
            error = done.error or (item if isinstance(item, InputError) else None)
            if isinstance(item, Skipped):
                summary.skipped += 1
            elif error is not None:
                summary.errors += 1
                progress.message(f"declutter: {error.source}: {error.reason}")
                sink.error(error)
            else:
                for drop in (done.trace or ()) if args.explain else ():
                    progress.message(f"{item.source}: [{drop.rule}] {drop.text}")
                if health is not None:
                    health.add(item.url, done.articles, done.trace)
                if learner is not None:
                    learner.add(item.url, done.articles)
                summary.pages += 1
                summary.articles += len(done.articles)
                sink.page(item, done.articles)
            progress.update(summary)
        if learner is not None:
            progress.clear()
            _learn_due(learner, sink.run_id)
    finally:
        progress.clear()
        if health is not None:
            from storage import StoreError
            try:
                health.record(sink.store, sink.run_id, "clean", "clean")
            except StoreError:
                if not sink.not_stored:  # else the line about pages not stored says why
                    raise
        sink.end(summary)
    print(f"declutter clean: {summary.line()}", file=sys.stderr)
    if summary.not_stored:
        from ..status import NOT_STORED
        print(f"declutter clean: {summary.not_stored_line()}", file=sys.stderr)
        return NOT_STORED
    return 1 if summary.errors else 0


def _learner(store):
    """The run's learned profiles, installed before the cleaning workers start (they
    inherit them), and the counts that say which sites to learn at the end."""
    from cleaners.learn import install
    from scrapers.learning import RunLearner
    learner = RunLearner(store)
    install(learner.profiles.values())
    return learner


def _learn_due(learner, run_id) -> None:
    """Learn the sites this run cleaned enough pages of without a layout, and clean the
    run's pages of each new one again with what was learned."""
    for line in learner.finish(run_id):
        print(f"declutter clean: {line}", file=sys.stderr)
