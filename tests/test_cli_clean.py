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
