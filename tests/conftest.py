import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEEDS = FIXTURES / "seeds"


@pytest.fixture(scope="session")
def gold():
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))


def run_cli(*args, input=None, cwd=None, timeout=120):
    """Run the real `declutter` command in a subprocess, as a user would."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "declutter", *map(str, args)], input=input,
                          capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=timeout)
