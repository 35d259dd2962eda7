"""packaging/smoke_test.py (CI's start-up check of the wheel and the bundle) measures fairly and
fails with its reason: driven here with a stand-in studio whose behaviour each test picks."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("smoke_test", ROOT / "packaging" / "smoke_test.py")
smoke = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(smoke)

# Stands in for `pixel-studio`: reports its window as shown after FAKE_DELAYS' next delay (one
# per start, the last one repeating), or fails the way FAKE_MODE says.
FAKE_STUDIO = """
import os, pathlib, sys, time
mode, args = os.environ.get("FAKE_MODE", ""), sys.argv[1:]
if args[0] == "generate":
    if mode == "no-engine":
        sys.exit("engine refused: port closed")
    out = pathlib.Path(args[args.index("--out") + 1])
    out.mkdir(parents=True)
    (out / "a-red-potion.png").write_bytes(b"png")
    sys.exit(0)
if mode == "hang":
    time.sleep(60)
if mode == "no-window":
    sys.exit("qt.qpa.plugin: could not load the platform plugin")
counter = pathlib.Path(os.environ["FAKE_COUNTER"])
starts = int(counter.read_text()) if counter.exists() else 0
counter.write_text(str(starts + 1))
delays = [float(d) for d in os.environ["FAKE_DELAYS"].split(",")]
print(f"window-shown {time.time() + delays[min(starts, len(delays) - 1)]:.6f}")
"""


@pytest.fixture
def studio(tmp_path: Path) -> tuple[list[str], dict[str, str], Path]:
    script = tmp_path / "fake_studio.py"
    script.write_text(FAKE_STUDIO)
    env = smoke.environment(tmp_path)
    env.update(FAKE_COUNTER=str(tmp_path / "starts"), FAKE_DELAYS="0")
    return [sys.executable, str(script)], env, tmp_path


def test_a_fast_studio_passes_both_checks(studio) -> None:
    command, env, home = studio
    assert smoke.check_window(command, env, limit=3.0) < 3.0
    smoke.check_offline_engine(command, env, home)
    assert (home / "starts").read_text() == "2"  # a warm-up, then one timed start was enough


def test_the_warm_up_and_a_slow_start_do_not_count_when_a_later_start_is_fast(studio) -> None:
    command, env, home = studio
    env["FAKE_DELAYS"] = "20,20,20,0"
    assert smoke.check_window(command, env, limit=3.0) < 3.0
    assert (home / "starts").read_text() == "4"


def test_every_start_too_slow_fails_with_each_timing_cpu_and_load(studio) -> None:
    command, env, home = studio
    env["FAKE_DELAYS"] = "5"
    with pytest.raises(SystemExit) as failure:
        smoke.check_window(command, env, limit=3.0, attempts=2)
    message = str(failure.value.code)
    assert "too late in each of 2 starts" in message
    assert message.count("s CPU") == 2 and "The limit is 3.0 s" in message
    assert "load average" in message
    assert (home / "starts").read_text() == "3"


def test_no_window_fails_with_the_studio_s_error_output(studio) -> None:
    command, env, _home = studio
    env["FAKE_MODE"] = "no-window"
    with pytest.raises(SystemExit) as failure:
        smoke.check_window(command, env, limit=3.0)
    assert "did not show its window (exit 1)" in failure.value.code
    assert "could not load the platform plugin" in failure.value.code


def test_a_hanging_studio_is_stopped_with_a_clear_reason(studio) -> None:
    command, env, _home = studio
    env["FAKE_MODE"] = "hang"
    with pytest.raises(SystemExit) as failure:
        smoke.run_studio(command, env, "--quit-after", "0", timeout=1)
    assert "did not finish within 1 s and was stopped" in failure.value.code


def test_an_engine_that_does_not_answer_fails_with_its_output(studio) -> None:
    command, env, home = studio
    env["FAKE_MODE"] = "no-engine"
    with pytest.raises(SystemExit) as failure:
        smoke.check_offline_engine(command, env, home)
    assert "offline engine did not answer a generation (exit 1)" in failure.value.code
    assert "engine refused: port closed" in failure.value.code


def test_a_missing_program_is_named(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as failure:
        smoke.run_studio([str(tmp_path / "no-such-studio")], smoke.environment(tmp_path))
    assert "could not run" in failure.value.code and "no-such-studio" in failure.value.code
