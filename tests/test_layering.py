"""The layer rule: studio.api, studio.core, studio.offline and studio.cli never load Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

PACKAGES = ["studio.api", "studio.core", "studio.offline", "studio.cli"]


@pytest.mark.parametrize("package", PACKAGES)
def test_package_does_not_load_qt(package: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "qt = {'PySide6', 'qasync', 'shiboken6'}\n"
        "bad = sorted(n for n in sys.modules\n"
        "             if n.split('.')[0] in qt or n.startswith('studio.ui'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{package} loaded Qt modules: {out.stdout.strip()}"
