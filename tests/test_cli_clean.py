import gzip
import json

from conftest import SEEDS, run_cli


def test_clean_folder_emits_one_json_object_per_article():
    res = run_cli("clean", SEEDS)
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(rows) >= 5
    assert all(r["title"] and r["body"] for r in rows)
    assert "5 pages" in res.stderr


def test_bad_inputs_are_named_and_good_ones_still_cleaned(tmp_path):
    (tmp_path / "good.txt").write_bytes((SEEDS / "003_aba8f5db32093a90.txt").read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    (tmp_path / "broken.html.gz").write_bytes(gzip.compress(b"<html><body><p>x</p></body></html>")[:20])
    res = run_cli("clean", tmp_path, tmp_path / "missing.txt", "--output", tmp_path / "out.jsonl")
    assert res.returncode == 1
    err = res.stderr
    for name, why in [("empty.txt", "empty"), ("binary.html", "binary"), ("broken.html.gz", ""),
                      ("missing.txt", "no such file")]:
        line = next((l for l in err.splitlines() if name in l), None)
        assert line is not None and why in line, err
    rows = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 and json.loads(rows[0])["source"].endswith("good.txt")


def test_warc_records_are_cleaned_and_other_records_counted_as_skipped(tmp_path):
    from test_inputs import html_page, write_warc

    warc = write_warc(tmp_path / "crawl.warc.gz", [(f"https://example.com/a/{i}", html_page(f"Story {i}"))
                                                   for i in range(3)])
    res = run_cli("clean", warc, "--ordered")
    assert res.returncode == 0, res.stderr
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [r["url"] for r in rows] == [f"https://example.com/a/{i}" for i in range(3)]
    assert [r["title"] for r in rows] == ["Story 0", "Story 1", "Story 2"]
    assert res.stderr.strip().splitlines()[-1] == "declutter clean: 3 pages, 3 articles, 0 errors, 6 skipped"


def test_two_jobs_ordered_give_the_same_output_as_one_job(tmp_path):
    for i in range(12):
        for seed in sorted(SEEDS.glob("*.txt")):
            (tmp_path / f"{i:02d}_{seed.name}").write_bytes(seed.read_bytes())
    one = run_cli("clean", tmp_path, "--jobs", "1")
    two = run_cli("clean", tmp_path, "--jobs", "2", "--ordered")
    assert one.returncode == two.returncode == 0
    assert len(one.stdout.splitlines()) >= 60 and one.stdout == two.stdout
    unordered = run_cli("clean", tmp_path, "--jobs", "2")
    assert sorted(unordered.stdout.splitlines()) == sorted(one.stdout.splitlines())


def test_stdin_page_with_url(tmp_path):
    page = (SEEDS / "003_aba8f5db32093a90.txt").read_text(encoding="utf-8")
    res = run_cli("clean", "-", "--url", "https://example.com/n/1", input=page)
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.returncode == 0 and rows and rows[0]["url"] == "https://example.com/n/1"
    assert rows[0]["source"] == "<stdin>"


def on_terminal(*args, stdout_too=False):
    """Run declutter with stderr (and stdout, if asked) on a pseudo-terminal; what the terminal showed."""
    import os
    import pty
    import subprocess
    import sys

    from conftest import ROOT

    leader, follower = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "declutter", *map(str, args)], stderr=follower,
                            stdout=follower if stdout_too else subprocess.DEVNULL, env=env, cwd=ROOT)
    os.close(follower)
    shown = b""
    while True:  # read as it runs: a full terminal buffer would block the command
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the command exited and the terminal closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc.wait(timeout=120), shown.decode()


def test_progress_bar_on_a_terminal_and_only_the_summary_when_piped(tmp_path):
    piped = run_cli("clean", SEEDS, "--output", tmp_path / "a.jsonl")
    assert piped.stderr.count("\n") == 1 and "\r" not in piped.stderr
    assert piped.stderr.startswith("declutter clean: 5 pages, ")
    code, text = on_terminal("clean", SEEDS, "--output", tmp_path / "b.jsonl")
    assert code == 0
    assert "\r" in text and "pages/s" in text and "articles" in text
    assert text.rstrip().splitlines()[-1].endswith(piped.stderr.strip())
    # articles printed to the same terminal: no bar to tear them, only the summary
    code, text = on_terminal("clean", SEEDS, stdout_too=True)
    assert code == 0 and '"title"' in text and "pages/s" not in text


def test_text_format_names_the_publisher_and_the_original_of_a_portal_article():
    from conftest import FIXTURES
    page = FIXTURES / "sites" / "naver" / "m-newsis-2021-battery.html"
    url = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["url"]
    (article,) = [json.loads(line) for line in run_cli("clean", page, "--url", url).stdout.splitlines()]
    assert article["publisher"] and article["original_url"]
    res = run_cli("clean", page, "--url", url, "--format", "text")
    assert res.returncode == 0, res.stderr
    head = res.stdout.split("\n\n")[0].splitlines()
    meta = head[-2].split(" | ")
    assert meta.index(article["publisher"]) == meta.index(article["site"]) - 1   # the press, then the portal
    assert head[-1] == f"original: {article['original_url']}"
