"""Files the commands write (`-o`, `--html`): checked before anything is opened, and written
whole or not at all.

    if problem := output_problem(args.output, db=args.db):   # one line, before any file is opened
        ...
    with replaced(args.output) as out:   # a temporary file in the same folder, renamed at the end
        out.write(...)

An output that is the database (or its -wal, -shm or -journal file) would truncate it, and a
run that fails half-way would leave a half-written file in place of the last good one: the
old file stays until the new one is complete."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO

DATABASE_FILES = ("", "-wal", "-shm", "-journal")


def output_problem(path: str, db: str | None = None) -> str | None:
    """Why `path` cannot be written as an output, as one line; None when it can."""
    target = Path(path)
    if target.is_dir():
        return f"{path}: a folder, not a file"
    if not target.parent.is_dir():
        return f"{path}: no such folder {str(target.parent)!r}"
    if db:
        real = os.path.realpath(path)
        for suffix in DATABASE_FILES:
            other = os.path.realpath(db + suffix)
            same = real == other or (os.path.exists(path) and os.path.exists(other) and os.path.samefile(path, other))
            if same:
                which = f"its {suffix} file" if suffix else "the database itself"
                return f"{path}: would overwrite the database {db} ({which}); give another file"
    return None


@contextmanager
def replaced(path: str, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text file that replaces `path` when the block ends without an exception; if
    it raises, `path` is left as it was."""
    target = Path(path)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        # the mode a plain open() would give: the old file's, else the umask's
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.fchmod(fd, mode)
        with open(fd, "w", encoding="utf-8", newline=newline) as out:
            yield out
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
