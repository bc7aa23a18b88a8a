"""A real redis-server for a test: on a free loopback port, in its own folder, stopped after.

    with RedisServer(tmp_path / "redis") as server:
        server.url          # redis://127.0.0.1:PORT/0
        server.restart()    # same port, data gone (no persistence): what a lost Redis looks like

    RedisServer(folder, password="s3cret")   # clients must authenticate (url carries the password)
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    def __init__(self, folder: Path, password: str | None = None):
        self.password = password
        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.skip("redis-server is not installed (Debian package redis-server; .ci/run installs it)")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        for attempt in range(5):
            self.proc = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
                 "--save", "", "--appendonly", "no", "--protected-mode", "no", "--daemonize", "no",
                 *(["--requirepass", self.password] if self.password else [])],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if self._wait_up():
                return self
            self.proc.kill()
            self.proc.wait()
            self.port = free_port()  # the port was taken meanwhile: another one
        raise RuntimeError("redis-server did not start")

    def _wait_up(self, timeout: float = 30) -> bool:
        import redis

        client = redis.Redis(port=self.port, password=self.password, socket_connect_timeout=1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                client.ping()
                return True
            except redis.ConnectionError:
                time.sleep(0.05)
        return False

    def client(self):
        import redis
        return redis.Redis.from_url(self.url)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> "RedisServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
