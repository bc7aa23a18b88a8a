"""The documentation runs: every `declutter` command shown in README.md and docs/ is one the
program accepts, and the README's first steps on the sample work as written."""
import re
import shlex

import pytest

from conftest import ROOT, run_cli
from declutter.cli import COMMANDS, build_parser

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


def shell_lines(path):
    """The command lines of a document's sh, bash and cron blocks, continuation lines joined."""
    for lang, block in FENCE.findall(path.read_text(encoding="utf-8")):
        if lang not in ("sh", "bash", "cron", "console", ""):
            continue
        for line in block.replace("\\\n", " ").splitlines():
            yield line.strip().removeprefix("$ ")


def declutter_argv(line):
    """The arguments of the `declutter` command in a shell line, or None: comments, pipes and
    redirections cut off, `.venv/bin/` and a leading `cd ... &&` or `VAR=value` dropped."""
    line = re.sub(r"(?:^|\s)#.*$", "", line)
    for part in re.split(r"\s(?:\||&&|;)\s", line):
        try:
            words = shlex.split(part)
        except ValueError:
            continue
        while words and re.match(r"^[A-Z_]+=", words[0]):
            words = words[1:]
        if words and words[0].split("/")[-1] == "declutter" and not (len(words) > 1 and words[1].endswith(":")):
            argv = []
            for word in words[1:]:
                if word in (">", ">>", "<", "2>&1") or word.startswith((">", "2>")):
                    break
                argv.append(word)
            return argv
    return None


COMMAND_LINES = [(path.relative_to(ROOT).as_posix(), argv) for path in DOCS for line in shell_lines(path)
                 if (argv := declutter_argv(line)) is not None]


def test_the_docs_show_commands_and_the_readme_names_every_command():
    assert len(COMMAND_LINES) >= 40
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"declutter {name.replace('_', '-')}" in readme, f"the README never shows `declutter {name}`"


@pytest.mark.parametrize("where,argv", COMMAND_LINES, ids=[f"{w}:{' '.join(a)[:60]}" for w, a in COMMAND_LINES])
def test_every_command_in_the_docs_is_accepted_by_the_program(where, argv):
    try:
        build_parser().parse_args(argv)
    except SystemExit as exc:
        pytest.fail(f"{where}: `declutter {' '.join(argv)}` is refused by the program (exit {exc.code})")


LONG_RUNNING = ("serve", "serve-sample")  # serve until Ctrl-C: tests of their own start and stop them


def first_steps():
    """The README's commands to try on sample.db, but for those that serve until interrupted."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## The next five minutes", 1)[1].split("\n## ", 1)[0]
    blocks = [block for lang, block in FENCE.findall(section) if lang == "sh"]
    return [line for block in blocks for line in block.splitlines()
            if line.startswith("declutter ") and line.split()[1] not in LONG_RUNNING]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    made = run_cli("crawl", "--sample", "--db", folder / "sample.db", timeout=600)
    assert made.returncode == 0, made.stderr
    return folder


def test_the_readme_first_steps_run_on_the_sample(sample):
    """Each command of the README's first steps, run as written in a folder holding sample.db
    (paths to the project's fixtures resolved from the project root)."""
    steps = first_steps()
    assert len(steps) >= 5
    for line in steps:
        argv = declutter_argv(line)
        argv = [str(ROOT / a) if a.startswith("fixtures/") else a for a in argv]
        result = run_cli(*argv, cwd=sample, timeout=300)
        assert result.returncode == 0, f"`{line}` exited {result.returncode}: {result.stderr[-800:]}"
        assert result.stdout.strip() or "-o" in argv or "--html" in argv, f"`{line}` printed nothing"
    for made in re.findall(r"(?:-o|--html) (\S+)", "\n".join(steps)):
        assert (sample / made).stat().st_size > 0, made
