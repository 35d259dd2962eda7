"""kill -9 at chosen moments (``PIXEL_STUDIO_KILL_AT``, see studio/core/faults.py), then start
the real app again and check what it makes of the journal.

Job stored, not yet marked done: the command line generates on the offline engine and dies
right after the result is stored; the studio started afterwards resumes the journal and must
call the job done (its image is in the library), not "outcome unknown, may have been billed".
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX kill -9")


def studio_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PIXELLAB_API_TOKEN", "PIXELLAB_SECRET", "PIXELLAB_BASE_URL",
                        "PIXEL_STUDIO_KILL_AT")}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(home / var.lower())
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])))
    env.update(extra)
    return env


def journal(home: Path) -> list[tuple[str, str, int]]:
    """(job id, state, stored results) of every journalled request."""
    found = list(home.rglob("library.sqlite3"))
    if not found:
        return []
    with sqlite3.connect(found[0]) as db:
        return db.execute("SELECT job_id, state, (SELECT COUNT(*) FROM results r WHERE"
                          " r.job_id = q.job_id) FROM requests q").fetchall()


def wait_for(condition, process: subprocess.Popen, what: str, timeout: float = 90.0):
    """Poll the journal file until ``condition`` holds (the app gives no other signal)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        assert process.poll() is None, f"the studio exited while waiting for {what}"
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_kill_between_storing_and_done_is_done_on_the_next_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    killed = subprocess.run(
        [sys.executable, "-m", "studio", "generate", "pixflux", "--description", "a red potion",
         "--size", "32x32", "--out", str(tmp_path / "gen"), "--offline"],
        env=studio_env(home, PIXEL_STUDIO_KILL_AT="job-stored"), cwd=tmp_path,
        capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    [(job_id, state, stored)] = journal(home)
    assert state == "sending" and stored == 1  # the moment: stored, not marked done

    app = subprocess.Popen([sys.executable, "-m", "studio", "--offline"],
                           env=studio_env(home, PIXEL_STUDIO_NO_RECOVERY="1"), cwd=tmp_path,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        states = wait_for(lambda: [s for _, s, _ in journal(home) if s != "sending"], app,
                          "the studio to resume its journal")
    finally:
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=60)
    assert states == ["done"], err
    assert "Traceback" not in err


CRASHED_RUN = """
import os, signal
import numpy as np
from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.core.recovery.journal import RecoveryJournal, default_root
journal = RecoveryJournal(default_root()).start()
doc = Document.new(6, 6, name="lost work")
journal.watch(doc)
doc.set_pixels(0, 0, Rect(2, 3, 1, 1), np.array([[[255, 0, 0, 255]]], np.uint8))
journal.flush()
os.kill(os.getpid(), signal.SIGKILL)
"""

RESTORE_ALL = """
import sys
from PySide6.QtCore import QTimer
from studio.ui import dialogs
dialogs.RecoveryDialog.open = lambda self: QTimer.singleShot(0, self.accept)  # click Restore
from studio.__main__ import main
sys.exit(main([]))
"""

LIST = """
from studio.core.recovery.store import list_recoverable
from studio.core.recovery.journal import default_root
print([e.name for e in list_recoverable(default_root())])
"""


def python(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", script], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_kill_right_after_restore_offers_the_work_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = studio_env(home, PIXEL_STUDIO_NO_BACKEND="1")
    crash = python(CRASHED_RUN, env, tmp_path)
    assert crash.returncode == -signal.SIGKILL, crash.stderr
    assert python(LIST, env, tmp_path).stdout.strip() == "['lost work']"
    restored = python(RESTORE_ALL, {**env, "PIXEL_STUDIO_KILL_AT": "recovery-restored"},
                      tmp_path)
    assert restored.returncode == -signal.SIGKILL, restored.stdout + restored.stderr
    offered = python(LIST, env, tmp_path)
    assert "'lost work'" in offered.stdout, offered.stdout + offered.stderr
