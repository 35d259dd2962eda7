"""Run ``python -m studio COMMAND`` in a subprocess with private config, data and library
folders, and an offline engine the test owns (so it can count the POSTs it receives)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from studio.offline import imaging
from studio.offline.server import OfflineServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PIXELLAB_API_TOKEN", "PIXELLAB_SECRET", "PIXELLAB_BASE_URL")}
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / "home" / var.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("QT_QPA_PLATFORM", None)  # the command line never needs Qt
    return env


def run_cli(args: list[str], env: dict[str, str], cwd: Path, timeout: float = 90
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "studio", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def start_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "studio", *args], env=env, cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


class CountingEngine:
    """An in-process offline engine that counts POSTs per path and charges ``usd`` each."""

    def __init__(self, job_seconds: float) -> None:
        self.posts: Counter[str] = Counter()
        self.server = OfflineServer(job_seconds=job_seconds)

        @self.server.app.middleware("http")
        async def count_posts(request, call_next):
            if request.method == "POST":
                self.posts[request.url.path.rsplit("/", 1)[-1]] += 1
            return await call_next(request)

    def env(self, base: dict[str, str]) -> dict[str, str]:
        """Environment for a CLI that talks to this engine as if it were PixelLab."""
        return {**base, "PIXELLAB_API_TOKEN": "test-token", "PIXELLAB_BASE_URL":
                self.server.base_url}


@pytest.fixture
def counting_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingEngine]:
    # every answer of the in-process engine reports a cost of one cent
    monkeypatch.setitem(imaging.USAGE, "usd", 0.01)
    engine = CountingEngine(job_seconds=1.5)
    engine.server.start()
    try:
        yield engine
    finally:
        engine.server.stop()
