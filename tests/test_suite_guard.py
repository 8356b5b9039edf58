"""The suite's own guard: a hung test ends the run with the stacks, instead of waiting for CI's
90-minute limit (pyproject.toml: faulthandler_timeout, faulthandler_exit_on_timeout)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_hung_test_ends_the_run_and_says_where(tmp_path):
    (tmp_path / "test_hang.py").write_text("import time\n\ndef test_waits_for_ever():\n    time.sleep(120)\n",
                                           encoding="utf-8")
    # the project's own settings, with the limit brought down from 15 minutes to 1 second
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c",
                          str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path), "-o", "faulthandler_timeout=1",
                          str(tmp_path / "test_hang.py")], capture_output=True, text=True, timeout=100)
    assert run.returncode != 0
    assert "Timeout (0:00:01)!" in run.stderr and "in test_waits_for_ever" in run.stderr, run.stderr[-2000:]
