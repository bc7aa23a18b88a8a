"""`declutter serve --db FILE`: browse a database in Datasette, with the metadata that makes
it readable (declutter/datasette.py: facets, hidden internals, ranked Korean search)."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path


def _port(text: str) -> int:
    import argparse
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 < value < 65536:
        raise argparse.ArgumentTypeError(f"a port is 1 to 65535, not {value}")
    return value


def register(sub) -> None:
    p = sub.add_parser("serve", help="browse a database in Datasette",
                       description="Write Datasette metadata for the database (facets by site, publisher "
                                   "and day; internal tables hidden; a ranked `search` query) and start "
                                   "Datasette on it. Datasette is installed separately: pip install datasette.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.add_argument("--port", type=_port, default=8001, metavar="N", help="default 8001")
    p.add_argument("--metadata", metavar="FILE",
                   help="where to write the metadata (default: FILE.metadata.json beside the database)")
    p.add_argument("--metadata-only", action="store_true",
                   help="write the metadata, print `datasette` command line, and stop")
    p.set_defaults(func=run)


def run(args) -> int:
    from ..datasette import metadata

    db = Path(args.db)
    if not db.is_file():
        print(f"declutter serve: {db}: no such database", file=sys.stderr)
        return 1
    meta = Path(args.metadata) if args.metadata else db.with_name(db.name + ".metadata.json")
    try:
        meta.write_text(json.dumps(metadata(db), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        print(f"declutter serve: {meta}: cannot write the metadata ({exc.strerror})", file=sys.stderr)
        return 1
    command = ["datasette", str(db), "-m", str(meta), "--port", str(args.port)]
    print(f"declutter serve: metadata in {meta}; " + " ".join(command), file=sys.stderr)
    if args.metadata_only:
        return 0
    exe = shutil.which("datasette") or (shutil.which("datasette", path=str(Path(sys.executable).parent)))
    if not exe:
        print("declutter serve: Datasette is not installed (pip install datasette)", file=sys.stderr)
        return 1
    os.execv(exe, [exe, *command[1:]])
    return 0  # not reached
