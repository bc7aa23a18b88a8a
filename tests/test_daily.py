"""The every-day recipes of docs/daily.md run as written: the cron line and the systemd units'
commands, with the install folder pointed at a test folder and the site at a local copy."""
import configparser
import os
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from redisserver import RedisServer
from scrapers.localsite import LocalSite, spider_aliases, spider_families, spider_targets

CONTRIB = ROOT / "contrib"
INSTALL = "/srv/declutter"
FAST = ["-s", "DOWNLOAD_TIMEOUT=5", "-s", "RETRY_TIMES=1", "-s", "DECLUTTER_PROGRESS_INTERVAL=0",
        "-s", "DECLUTTER_CLEAN_WORKERS=1"]


def unit(name):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(CONTRIB / "systemd" / name, encoding="utf-8")
    return parser


def command(line, folder, instance=None):
    """A recipe's command, its install folder replaced by `folder`, the venv's declutter by
    this interpreter's, and systemd's %i by the instance."""
    line = line.replace(INSTALL, str(folder))
    if instance:
        line = line.replace("%i", instance)
    words = shlex.split(line)
    assert words[0].endswith("/.venv/bin/declutter"), words[0]
    return [sys.executable, "-m", "declutter", *words[1:]]


def run(argv, folder, **kw):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.update(kw.pop("env", {}))
    return subprocess.run(argv, cwd=folder, env=env, capture_output=True, text=True, timeout=300, **kw)


@pytest.fixture
def copy(tmp_path):
    with LocalSite(ROOT / "fixtures" / "sites", aliases=spider_aliases(), families=spider_families()) as local:
        ((_, kwargs),) = spider_targets(local, only="etoday")
        yield kwargs["mirror"]


def test_the_cron_line_crawls_and_logs(tmp_path, copy):
    text = (ROOT / "docs" / "daily.md").read_text(encoding="utf-8")
    line = re.search(r"^\*/15 \* \* \* \* (.+)$", text, re.M).group(1)
    cd, rest = line.split(" && ", 1)
    assert cd == f"cd {INSTALL}"
    crawl, _, log = rest.partition(" >> ")
    assert log == "crawl.log 2>&1"
    argv = command(crawl.replace(".venv/bin/declutter", f"{INSTALL}/.venv/bin/declutter"), tmp_path)
    with open(tmp_path / "crawl.log", "a") as out:
        done = subprocess.run([*argv, "-a", f"mirror={copy}", *FAST], cwd=tmp_path, stdout=out,
                              stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)
    assert done.returncode == 0, (tmp_path / "crawl.log").read_text()
    assert "declutter crawl etoday: finished" in (tmp_path / "crawl.log").read_text()
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT count(*) FROM articles WHERE site = 'etoday.co.kr'").fetchone()[0] >= 2


def test_the_crawl_timer_starts_the_crawl_unit_and_its_command_crawls(tmp_path, copy):
    timer = unit("declutter-crawl@.timer")
    assert timer["Timer"]["OnCalendar"] == "*:0/15" and timer["Install"]["WantedBy"] == "timers.target"
    service = unit("declutter-crawl@.service")
    assert service["Service"]["Type"] == "oneshot" and service["Service"]["WorkingDirectory"] == INSTALL
    argv = command(service["Service"]["ExecStart"], tmp_path, instance="etoday")
    done = run([*argv, "-a", f"mirror={copy}", *FAST], tmp_path)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(tmp_path / "news.db") as conn:
        assert conn.execute("SELECT count(*) FROM runs").fetchone()[0] == 1


def test_the_writer_unit_runs_until_sigterm_and_reads_redis_from_its_environment_file(tmp_path):
    service = unit("declutter-store.service")["Service"]
    assert service["Restart"] == "on-failure" and service["KillSignal"] == "SIGTERM"
    env_file = service["EnvironmentFile"].lstrip("-")
    argv = command(service["ExecStart"], tmp_path)
    assert "--redis" not in argv  # the URL, with its password, stays out of the process list
    with RedisServer(tmp_path / "redis") as server:
        variable = re.search(r"\b(DECLUTTER_REDIS\w*)=", (ROOT / "docs" / "daily.md").read_text(encoding="utf-8")
                             + (ROOT / "docs" / "distributed-safety.md").read_text(encoding="utf-8")).group(1)
        env = dict(os.environ, PYTHONPATH=str(ROOT), **{variable: server.url})
        proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while not (tmp_path / "news.db").exists() and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.2)
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(1)
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 0, err
    assert env_file.startswith("/etc/declutter/")
