"""The composition root starts the real window under qasync and honours its arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from studio.__main__ import parse_args

ROOT = Path(__file__).resolve().parents[2]


def run_studio(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"))
    return subprocess.run([sys.executable, "-m", "studio", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_quit_after_shows_the_window_and_exits_cleanly(tmp_path) -> None:
    out = run_studio("--quit-after", "0", home=tmp_path)
    assert out.returncode == 0, out.stderr
    assert any(line.startswith("window-shown ") for line in out.stdout.splitlines())
    assert "Traceback" not in out.stderr


def test_files_on_the_command_line_are_opened(tmp_path) -> None:
    png = tmp_path / "cli.png"
    Image.fromarray(np.full((3, 5, 4), 255, np.uint8), "RGBA").save(png)
    script = (  # report the open documents when the window is shown, then quit
        "import sys\n"
        "from studio.ui.main_window import MainWindow\n"
        "real_show = MainWindow.showEvent\n"
        "def show_event(self, event):\n"
        "    real_show(self, event)\n"
        "    print('docs', [d.size for d in self.documents], flush=True)\n"
        "MainWindow.showEvent = show_event\n"
        "from studio.__main__ import main\n"
        f"sys.exit(main([{str(png)!r}, '--quit-after', '0']))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "docs [(5, 3)]" in out.stdout


def test_arguments_parse() -> None:
    args = parse_args(["a.png", "--quit-after", "1.5"])
    assert args.files == ["a.png"] and args.quit_after == 1.5


def test_app_identity_sets_the_window_icon_and_desktop_file_name(qapp) -> None:
    from studio.app import _set_identity
    from studio.assets import APP_ID, ICON_SIZES

    _set_identity(qapp)
    assert qapp.desktopFileName() == APP_ID
    sizes = {s.width() for s in qapp.windowIcon().availableSizes()}
    assert set(ICON_SIZES) <= sizes
