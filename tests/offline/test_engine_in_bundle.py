"""In a PyInstaller bundle ``sys.executable`` is the studio itself, which has no ``-m``: the engine
process is started as ``pixel-studio offline-engine ...`` there, and that runs a real engine."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import httpx
import pytest

from studio.offline.process import BUNDLE_ENGINE_COMMAND, EngineProcess, engine_launcher


def test_a_plain_interpreter_runs_the_engine_module() -> None:
    assert engine_launcher() == [sys.executable, "-m", "studio.offline"]


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for the bundle")
async def test_a_bundled_studio_starts_an_engine_that_answers(tmp_path: Path,
                                                              monkeypatch) -> None:
    # a stand-in for the bundle's executable: the studio's own entry point, like the bundle
    bundle = tmp_path / "pixel-studio"
    bundle.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m studio "$@"\n')
    bundle.chmod(bundle.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle))
    engine = EngineProcess(job_seconds=0.0, data_dir=tmp_path / "engine")
    assert engine.command()[:2] == [str(bundle), BUNDLE_ENGINE_COMMAND]
    try:
        url = await engine.start()
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.get(url + "/balance", headers={"Authorization": "Bearer t"})
        assert answer.status_code == 200
        assert (tmp_path / "engine").is_dir()
    finally:
        await engine.stop()
    assert not engine.running


def test_the_command_reaches_the_engine_not_the_window(capsys) -> None:
    from studio.__main__ import main

    with pytest.raises(SystemExit) as exit_:
        main([BUNDLE_ENGINE_COMMAND, "--help"])
    assert exit_.value.code == 0
    assert "--job-seconds" in capsys.readouterr().out  # the engine's options, not the window's
