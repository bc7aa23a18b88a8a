"""Hostile and broken input: each bad input gets one clear line naming it, the run goes on,
and the articles already written stay intact."""
import gzip
import json
import os

import pytest
from conftest import run_cli
from test_inputs import html_page, write_warc

KOREAN_TITLE = "서울시 내년 예산안 확정"
KOREAN_BODY = "<p>서울시는 월요일 시의회에서 학교와 도로, 항만 예산을 포함한 내년 예산안을 확정했다고 밝혔다. 여러 의원은 늦었지만 필요한 결정이라고 평가했다.</p>" * 5


def korean_page(declared: str) -> str:
    return (f'<html><head><meta charset="{declared}"><title>{KOREAN_TITLE}</title></head>'
            f"<body><article><h1>{KOREAN_TITLE}</h1>{KOREAN_BODY}</article></body></html>")


def gzip_bomb(path, inflated=2 * 1024**3):
    """A small file that inflates to gigabytes: one compressed 16 MB member of zeros, repeated."""
    member = gzip.compress(bytes(16 * 1024**2), compresslevel=9)
    with open(path, "wb") as f:
        for _ in range(inflated // (16 * 1024**2)):
            f.write(member)
    return path


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    (d / "01_good.html").write_bytes(html_page("First good page"))
    with open(d / "02_big.html", "wb") as f:  # 50 MB of plausible markup
        f.write(b"<html><body>")
        chunk = b"<div><p>filler text of a page that never ends</p></div>\n" * 1000
        while f.tell() < 50 * 1024**2:
            f.write(chunk)
        f.write(b"</body></html>")
    gzip_bomb(d / "03_bomb.html.gz")
    (d / "04_deep.html").write_text("<html><body>" + "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000
                                    + "</body></html>", encoding="utf-8")
    (d / "05_nul.html").write_bytes(html_page("Page with NUL bytes").replace(b"council", b"coun\x00cil", 2))
    (d / "06_wrong_charset.html").write_bytes(korean_page("utf-8").encode("cp949"))
    (d / "07_mixed.html").write_bytes(korean_page("euc-kr").encode("utf-8").replace(
        "여러 의원은".encode("utf-8"), "여러 의원은".encode("cp949"), 1))
    (d / "08_truncated.html.gz").write_bytes(gzip.compress(html_page("cut")) [:60])
    good = write_warc(d / "09_truncated.warc.gz", [(f"https://example.com/t/{i}", html_page(f"Archived {i}"))
                                                    for i in range(3)], extras=False).read_bytes()
    (d / "09_truncated.warc.gz").write_bytes(good[: len(good) - 200])
    plain = write_warc(d / "10_wrong_length.warc", [(f"https://example.com/w/{i}", html_page(f"Length {i}"))
                                                     for i in range(3)], gz=False, extras=False).read_bytes()
    second = plain.index(b"WARC/1.0", plain.index(b"WARC/1.0") + 1)
    length_at = plain.index(b"Content-Length: ", second) + len(b"Content-Length: ")
    end = plain.index(b"\r\n", length_at)
    (d / "10_wrong_length.warc").write_bytes(plain[:length_at] + str(int(plain[length_at:end]) - 50).encode() + plain[end:])
    os.symlink(d / "gone.html", d / "11_dangling.html")
    os.mkfifo(d / "12_fifo.html")  # reading it would block the run for ever
    (d / "13_good.txt").write_text("Last good page title\nThe last page has a body line that is long enough.\n",
                                   encoding="utf-8")
    out = d / "out.jsonl"
    res = run_cli("clean", d, "--glob", "[01]*", "--output", out, "--ordered", timeout=240)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return res, rows


def error_lines(res, name):
    return [line for line in res.stderr.splitlines() if name in line]


@pytest.mark.parametrize("name, reason", [
    ("02_big.html", "larger than"),
    ("03_bomb.html.gz", "gzip bomb"),
    ("08_truncated.html.gz", "truncated"),
    ("09_truncated.warc.gz@", "truncated"),
    ("10_wrong_length.warc@", "length is wrong"),
    ("11_dangling.html", "dangling symbolic link"),
    ("12_fifo.html", "not a regular file"),
])
def test_each_bad_input_gets_one_line_naming_it_and_why(hostile_run, name, reason):
    res, _ = hostile_run
    lines = error_lines(res, name)
    assert len(lines) == 1 and lines[0].startswith("declutter: ") and reason in lines[0], res.stderr


def test_the_run_goes_on_and_good_pages_and_records_before_a_break_are_written(hostile_run):
    res, rows = hostile_run
    assert res.returncode == 1 and "Traceback" not in res.stderr
    titles = [r["title"] for r in rows]
    assert titles[0] == "First good page" and titles[-1] == "Last good page title"
    assert "Archived 0" in titles and "Archived 1" in titles  # the records before the cut
    assert "Length 0" in titles and "Length 1" not in titles  # a wrong length is not trusted
    assert "7 errors" in res.stderr.splitlines()[-1]


def test_nul_bytes_and_wrong_or_mixed_encodings_still_give_the_article(hostile_run):
    res, rows = hostile_run
    by_source = {os.path.basename(r["source"]): r for r in rows}
    assert "coun" in by_source["05_nul.html"]["body"] and "\x00" not in by_source["05_nul.html"]["body"]
    for name in ("06_wrong_charset.html", "07_mixed.html"):
        assert by_source[name]["title"] == KOREAN_TITLE, name
        assert "학교와 도로" in by_source[name]["body"], name


def test_deep_nesting_neither_crashes_nor_hangs_the_run(hostile_run):
    res, _ = hostile_run
    assert not [line for line in error_lines(res, "04_deep.html") if "crash" in line or "longer than" in line]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_named(tmp_path):
    page = tmp_path / "locked.html"
    page.write_bytes(html_page("Locked"))
    page.chmod(0)
    res = run_cli("clean", page)
    assert res.returncode == 1 and "locked.html: permission denied" in res.stderr


def many_pages(tmp_path, copies=8):
    from conftest import SEEDS

    for i in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            (tmp_path / f"{i:02d}_{seed.name}").write_bytes(seed.read_bytes())
    return copies * len(list(SEEDS.glob("*.txt")))


@pytest.mark.parametrize("how", ["killed", "stuck"])
def test_a_worker_killed_or_stuck_mid_run_costs_no_page(tmp_path, how):
    """The OOM killer taking a worker, or a worker that stops answering: it is replaced and
    the pages it held are cleaned again, so every page still comes out exactly once."""
    import multiprocessing
    import signal

    from declutter.inputs import pages
    from declutter.pool import clean_all

    total = many_pages(tmp_path)
    done = []
    for result in clean_all(pages([tmp_path]), jobs=2, ordered=True, timeout=3):
        if not done:
            victim = multiprocessing.active_children()[0]
            os.kill(victim.pid, signal.SIGKILL if how == "killed" else signal.SIGSTOP)
        done.append(result)
    assert not victim.is_alive()  # the stuck one was killed, not left behind
    assert [d.item.source for d in done] == sorted(str(p) for p in tmp_path.iterdir())
    assert len(done) == total and all(d.error is None and d.articles for d in done)


def test_a_slow_consumer_does_not_make_healthy_pages_time_out(tmp_path):
    """Time the parent spends elsewhere (a slow database, a paused terminal) is not charged
    to the pages being cleaned."""
    import time

    from declutter.inputs import pages
    from declutter.pool import clean_all

    total = many_pages(tmp_path, copies=12)
    done = []
    for result in clean_all(pages([tmp_path]), jobs=2, timeout=1):
        if len(done) in (0, 20):
            time.sleep(1.5)  # longer than the timeout, while both workers hold a batch
        done.append(result)
    assert len(done) == total
    assert [d.error for d in done if d.error] == []


def test_workers_do_not_outlive_a_parent_killed_outright(tmp_path):
    """A run killed with SIGKILL (the OOM killer, a timeout) leaves no idle workers behind."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import ROOT

    many_pages(tmp_path, copies=40)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "declutter", "clean", tmp_path, "--jobs", "2",
                             "--output", tmp_path / "out.jsonl"], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    for _ in range(200):  # wait for both workers to be up
        try:
            workers = [int(p) for p in open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split()]
        except OSError:
            break
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    assert len(workers) >= 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for _ in range(100):  # each worker notices within about a second
        alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}") and
                 open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]
        if not alive:
            break
        time.sleep(0.1)
    assert alive == []
