"""Clean pages on all cores: a small process pool with bounded work in flight.

Why not concurrent.futures: one worker that dies (a segfault in a parser, the OOM killer)
breaks a ProcessPoolExecutor and every task in it, and a hung task cannot be stopped. Here
each worker has its own pipe, so the parent knows which pages a dead or stuck worker held;
it kills and replaces that worker, retries those pages one at a time, and reports only a
page that fails again on its own (so a page that crashes or hangs costs two tries).

Pages travel to workers in small batches sized so each takes about BATCH_SECONDS, which
keeps the per-page cost of the pipe negligible for cheap pages without holding expensive
ones back. Only the page body and what cleaning needs cross the pipe; the Page itself stays
in the parent for the sink, and only articles come back.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from cleaners import UnreadableInput, clean_strict
from cleaners.model import Article, Drop, Page

from storage import korean

from .inputs import InputError, Item

BATCH_SECONDS = 0.1     # target cleaning time of one batch
MAX_BATCH_PAGES = 64
MAX_BATCH_BYTES = 4_000_000
INFLIGHT_BYTES = 64_000_000   # page bodies held in the parent (sent, or done and waiting their turn)
PAGE_TIMEOUT = 120.0    # a page still cleaning after this long is given up


@dataclass
class Done:
    """One input item with its outcome: articles for a Page, or the error that stopped it.
    Items that were already errors or skipped records pass through with no articles."""

    item: Item
    articles: list[Article]
    trace: list[Drop] | None = None
    error: InputError | None = None


def _clean(body, url, fetched, source, content_type, explain, analyse=False):
    trace: list[Drop] | None = [] if explain else None
    try:
        articles = clean_strict(body, url, trace=trace, fetched=fetched, content_type=content_type, source=source)
        if analyse:  # the search index's Korean forms, here on all cores rather than in the writer
            korean.annotate(articles)
        return articles, trace, None
    except UnreadableInput as exc:
        return [], trace, str(exc)
    except Exception as exc:  # a cleaner bug must not stop the run; name it
        return [], trace, f"cleaner failed: {type(exc).__name__}: {str(exc)[:200]}"


def warm_up() -> None:
    """Import the cleaning paths once, before workers fork, so each does not pay for it.
    (The Korean analyser is not loaded here: a worker loads it when it first meets Hangul,
    so a run without Korean text never pays its 2 s and 300 MB.)"""
    from cleaners import clean

    clean("<html><head><title>t</title></head><body><p>warm up</p></body></html>")
    clean("warm\nup")


def _worker(conn, inherited: list, explain: bool, analyse: bool = False) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    for other in inherited:  # the parent's ends of our pipe and of earlier workers' pipes, copied by fork:
        other.close()        # held open here, they would keep our pipe from ever reporting a dead parent
    parent = os.getppid()
    while True:
        # a parent killed outright normally shows as end of file; checking it is still our
        # parent as well costs nothing and covers any copy of the pipe some other process holds
        try:
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    return
                continue
            batch = conn.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        out = []
        start = time.perf_counter()
        for seq, body, url, fetched, source, ctype in batch:
            out.append((seq, *_clean(body, url, fetched, source, ctype, explain, analyse)))
        try:
            conn.send((time.perf_counter() - start, out))
        except OSError:  # the parent is gone
            return


class _Worker:
    def __init__(self, ctx, explain: bool, others: list["_Worker"], analyse: bool = False) -> None:
        self.conn, child = ctx.Pipe()
        inherited = [self.conn] + [w.conn for w in others if w is not None]
        self.proc = ctx.Process(target=_worker, args=(child, inherited, explain, analyse), daemon=True)
        self.proc.start()
        child.close()
        self.batch: list[int] | None = None
        self.deadline = 0.0

    def send(self, seqs: list[int], payload: list, timeout: float) -> None:
        self.batch = seqs
        self.deadline = time.monotonic() + timeout
        self.conn.send(payload)

    def stop(self, kill: bool = False) -> None:
        try:
            if kill or self.batch is not None:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def clean_all(items: Iterable[Item], jobs: int, ordered: bool = False, explain: bool = False,
              timeout: float = PAGE_TIMEOUT, analyse: bool = False) -> Iterator[Done]:
    """Clean every Page among `items` on `jobs` worker processes, yielding a Done per item:
    in input order when `ordered`, else as soon as each is ready. A page still cleaning
    after `timeout` seconds is given up with an error. `analyse`: the articles carry their
    Korean index terms (storage.korean), for a database."""
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    warm_up()
    workers: list[_Worker] = []
    for _ in range(max(1, jobs)):
        workers.append(_Worker(ctx, explain, workers, analyse))
    source = iter(items)
    exhausted = False
    held: dict[int, Page] = {}          # pages sent or waiting: seq -> page
    held_bytes = 0
    finished: dict[int, Done] = {}      # ordered mode: results waiting for their turn
    ready: deque[Done] = deque()
    retry: deque[int] = deque()         # pages of a failed batch, to run one at a time
    retried: set[int] = set()           # pages that failed once; failing alone again, they are to blame
    next_seq = 0
    next_out = 0
    per_page = 0.0                      # running mean of seconds per page
    lookahead: Item | None = None

    def finish(seq: int, done: Done) -> None:
        held.pop(seq, None)
        if ordered:
            finished[seq] = done
        else:
            ready.append(done)

    def next_batch() -> list[int]:
        nonlocal exhausted, next_seq, held_bytes, lookahead
        if retry:
            return [retry.popleft()]
        size = max(1, min(MAX_BATCH_PAGES, int(BATCH_SECONDS / per_page) if per_page else 1))
        seqs: list[int] = []
        nbytes = 0
        while not exhausted and len(seqs) < size and nbytes < MAX_BATCH_BYTES:
            if held_bytes >= INFLIGHT_BYTES or len(held) + len(finished) + len(ready) >= 64 * len(workers) + MAX_BATCH_PAGES:
                break
            item = lookahead if lookahead is not None else next(source, None)
            lookahead = None
            if item is None:
                exhausted = True
                break
            seq, next_seq = next_seq, next_seq + 1
            if not isinstance(item, Page):
                finish(seq, Done(item, []))
                continue
            if seqs and nbytes + len(item.body) > MAX_BATCH_BYTES:
                next_seq -= 1
                lookahead = item
                break
            held[seq] = item
            held_bytes += len(item.body)
            nbytes += len(item.body)
            seqs.append(seq)
        return seqs

    def payload(seqs: list[int]) -> list:
        out = []
        for seq in seqs:
            p = held[seq]
            out.append((seq, p.body, p.url, p.fetched, p.source, p.headers.get("Content-Type") if p.headers else None))
        return out

    def failed(worker: _Worker, reason: str | None) -> None:
        """Replace a dead or stuck worker. Its pages are cleaned again one at a time; a page
        that fails alone is the culprit and gets `reason` (None: no page is to blame)."""
        seqs = worker.batch or []
        if len(seqs) == 1 and reason is not None and seqs[0] in retried:
            page = held[seqs[0]]
            finish(seqs[0], Done(page, [], None, InputError(page.source or "?", reason, stage="clean")))
        else:
            retry.extend(seqs)
            retried.update(seqs)
        worker.batch = None
        worker.stop(kill=True)
        workers[workers.index(worker)] = _Worker(ctx, explain, [w for w in workers if w is not worker], analyse)

    try:
        while True:
            for worker in workers:
                if worker.batch is None:
                    seqs = next_batch()
                    if seqs:
                        try:
                            # a batch of many pages may take longer than one page may
                            worker.send(seqs, payload(seqs), timeout + 4 * per_page * len(seqs))
                        except (OSError, ValueError):  # it died while idle
                            failed(worker, None)
            while ordered and next_out in finished:
                ready.append(finished.pop(next_out))
                next_out += 1
            while ready:
                done = ready.popleft()
                if isinstance(done.item, Page):
                    held_bytes -= len(done.item.body)
                yield done
            busy = [w for w in workers if w.batch is not None]
            if not busy:
                if exhausted and not retry and lookahead is None:
                    break
                continue
            until_deadline = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            signalled = set(wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], until_deadline))
            for worker in busy:
                if worker.conn in signalled:
                    try:
                        elapsed, results = worker.conn.recv()
                    except (EOFError, OSError):
                        failed(worker, _death(worker))
                        continue
                    n = len(results)
                    per_page = elapsed / n if not per_page else 0.8 * per_page + 0.2 * elapsed / n
                    for seq, articles, trace, error in results:
                        page = held[seq]
                        finish(seq, Done(page, articles, trace,
                                         InputError(page.source or "?", error, stage="clean") if error else None))
                    worker.batch = None
                elif worker.proc.sentinel in signalled:
                    failed(worker, _death(worker))
                elif time.monotonic() >= worker.deadline:
                    failed(worker, f"cleaning took longer than {timeout:g} s (given up)")
    finally:
        for worker in workers:
            worker.stop()


def _death(worker: _Worker) -> str:
    worker.proc.join(1)
    code = worker.proc.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"cleaner crashed ({name}; the page may be too large or too deeply nested)"
    return f"cleaner crashed (worker exited with status {code})"


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
