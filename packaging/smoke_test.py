"""Start an installed or bundled studio headless and check it works (used by .ci/run).

``python packaging/smoke_test.py [--max-seconds S] COMMAND...`` where COMMAND runs the studio,
e.g. ``packaging/dist/pixel-studio/pixel-studio`` or ``venv/bin/pixel-studio``: the window must
be shown within S seconds (default 3), and the offline engine must answer a generation.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHOWN_WITHIN = 3.0
ATTEMPTS = 3


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIXELLAB_")}
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), PIXEL_STUDIO_NO_RECOVERY="1",
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    env.pop("PYTHONPATH", None)  # only what the bundle or the wheel carries
    return env


def start_seconds(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the studio until its window was shown."""
    started = time.time()
    out = subprocess.run([*command, "--quit-after", "0"], env=env, capture_output=True,
                         text=True, timeout=120)
    shown = [float(line.split()[1]) for line in out.stdout.splitlines()
             if line.startswith("window-shown ")]
    if out.returncode != 0 or not shown:
        sys.exit(f"the studio did not show its window (exit {out.returncode}):\n{out.stderr}")
    return shown[0] - started


def check_window(command: list[str], env: dict[str, str], limit: float) -> float:
    """The first start only warms the disk cache; then the best of up to ATTEMPTS starts must
    be within ``limit`` (one start on a machine busy with other work may be slower)."""
    start_seconds(command, env)
    timings = []
    for _ in range(ATTEMPTS):
        timings.append(start_seconds(command, env))
        if timings[-1] <= limit:
            return timings[-1]
    sys.exit(f"the window took {', '.join(f'{t:.2f}' for t in timings)} s to show "
             f"(limit {limit} s)")


def check_offline_engine(command: list[str], env: dict[str, str], home: Path) -> None:
    out = subprocess.run([*command, "generate", "pixflux", "--offline", "--description",
                          "a red potion", "--size", "32x32", "--out", str(home / "gen"),
                          "--quiet"], env=env, capture_output=True, text=True, timeout=120)
    if out.returncode != 0 or not (home / "gen" / "a-red-potion.png").is_file():
        sys.exit(f"the offline engine did not answer (exit {out.returncode}):\n"
                 f"{out.stdout}\n{out.stderr}")


def main(command: list[str], limit: float = SHOWN_WITHIN) -> None:
    with tempfile.TemporaryDirectory(prefix="pixel-studio-smoke-") as folder:
        home = Path(folder)
        env = environment(home)
        seconds = check_window(command, env, limit)
        check_offline_engine(command, env, home)
    print(f"smoke test passed: window shown in {seconds:.2f} s, offline engine answered")


if __name__ == "__main__":
    args = sys.argv[1:]
    max_seconds = SHOWN_WITHIN
    if args[:1] == ["--max-seconds"] and len(args) > 1:
        max_seconds, args = float(args[1]), args[2:]
    if not args:
        sys.exit(__doc__)
    main(args, max_seconds)
