"""A lock file next to the database, so two runs of the same site never overlap.

An OS-level lock (flock), so a killed run never leaves a stale lock behind.
"""
from __future__ import annotations

import errno
import fcntl
import os
import re
from pathlib import Path


class RunLocked(RuntimeError):
    """Another crawl of the same site on the same database is running."""


class RunLockRefused(RuntimeError):
    """The lock file cannot be used: a symbolic link, or a folder we cannot write to."""


class RunLock:
    def __init__(self, db: str | os.PathLike, site: str):
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", site).strip("_") or "site"
        self.path = Path(f"{db}.{safe}.lock")
        self._fd: int | None = None

    def acquire(self) -> "RunLock":
        # O_NOFOLLOW: in a folder others can write to, a symlink planted under the lock's name
        # would make the crawl truncate and overwrite the file it points to
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise RunLockRefused(f"{self.path}: the lock file is a symbolic link; not following it "
                                     "(remove it if it is not yours)") from None
            raise RunLockRefused(f"{self.path}: cannot create the lock file: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = self.path.read_text().strip() or "?"
            raise RunLocked(f"another crawl holds {self.path} (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
