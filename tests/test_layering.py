"""The layer rules, checked two ways.

At run time: importing every module of the Qt-free packages (``studio.api``, ``studio.core``,
``studio.offline``, the ``studio.cli`` command line, and each core capability package on its own)
loads no Qt. Statically, from the import statements of every module:
- ``studio.api`` imports no other studio package, ``studio.core`` never imports ``studio.ui`` or
  ``studio.offline``, ``studio.offline`` never imports ``studio.ui``, ``studio.cli`` never imports
  ``studio.ui`` or ``studio.app``;
- each package under ``studio.core`` imports only the capabilities its ``__init__`` docstring
  allows (the table below), so arrows between them point one way;
- no module imports itself through a cycle;
- every module under ``studio/ui`` uses Qt, or is in a short allow-list of pure view code:
  Qt-free domain logic belongs in ``studio.core``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STUDIO = ROOT / "studio"
CORE_PACKAGES = sorted(p.name for p in (STUDIO / "core").iterdir()
                       if (p / "__init__.py").exists())
PACKAGES = ["studio.api", "studio.core", "studio.offline", "studio.cli",
            *(f"studio.core.{name}" for name in CORE_PACKAGES)]

# What each capability under studio.core may import from its siblings (besides studio.api).
CORE_ALLOWED: dict[str, set[str]] = {
    "document": set(),
    "fileio": {"document", "skeleton"},
    "painting": {"document"},
    "skeleton": {"document"},
    "tiles": {"document", "painting", "jobs"},
    "exporters": {"document", "fileio", "tiles", "skeleton"},
    "workflows": {"document", "painting"},
    "jobs": {"document", "fileio", "faults"},
    "recovery": {"document", "fileio", "faults"},
    "characters": {"document", "fileio", "jobs"},
    "settings": {"jobs"},
    "color": set(),
    "cleanup": {"color", "painting", "document"},
    "selection": {"document", "painting"},
}
# Modules of studio/ui without Qt imports, and why they stay in ui: the canvas's view maths
# (viewport) and its pointer-event tools (screen-coordinate press/move/release handling that
# calls the painting, selection and mask operations of studio.core), a panel mixin reading the
# canvas widget, and the helper that ties callbacks to a Qt object's lifetime. Models,
# workflows, messages and file handling live in studio.core.
UI_WITHOUT_QT = {
    "canvas/viewport.py",
    "canvas/tools.py", "canvas/tool_table.py", "canvas/select_tools.py",
    "canvas/shape_tools.py", "canvas/transform.py", "mask/tools.py",
    "panels/canvas_sources.py", "panels/qt_life.py",
}


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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of everything ``path`` imports (relative imports resolved)."""
    package = _module_name(path) if path.name == "__init__.py" else \
        _module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


MODULES = {_module_name(p): p for p in STUDIO.rglob("*.py")}
IMPORTS = {name: _imports(path) for name, path in MODULES.items()}


def _studio_imports(name: str) -> set[str]:
    return {i for i in IMPORTS[name] if i in MODULES and i != name}


def test_packages_point_down() -> None:
    rules = {"studio.api": ("studio.core", "studio.ui", "studio.offline", "studio.cli"),
             "studio.core": ("studio.ui", "studio.offline", "studio.cli"),
             "studio.offline": ("studio.ui", "studio.cli"),
             "studio.cli": ("studio.ui", "studio.app")}
    bad = [f"{name} imports {target}"
           for name in MODULES for prefix, banned in rules.items() if name.startswith(prefix)
           for target in _studio_imports(name) if target.startswith(banned)]
    assert bad == []


def test_core_capabilities_import_only_what_their_docstring_allows() -> None:
    assert set(CORE_PACKAGES) <= set(CORE_ALLOWED), "add the new package to CORE_ALLOWED"
    bad = []
    for name in MODULES:
        parts = name.split(".")
        if len(parts) < 3 or parts[1] != "core":
            continue
        own = parts[2]
        for target in _studio_imports(name):
            tparts = target.split(".")
            if len(tparts) >= 3 and tparts[1] == "core" and tparts[2] != own \
                    and tparts[2] not in CORE_ALLOWED.get(own, set()):
                bad.append(f"{name} imports {target}")
    assert bad == []


def test_no_import_cycles() -> None:
    """Tarjan's strongly connected components over module imports (a package's own
    ``__init__`` re-exporting its submodules is not a cycle)."""
    graph = {}
    for name in MODULES:
        graph[name] = {t for t in _studio_imports(name)
                       if not (MODULES[t].name == "__init__.py" and name.startswith(t + "."))}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_ui_modules_are_widgets_not_domain_logic() -> None:
    ui = STUDIO / "ui"
    qt_free = sorted(
        str(p.relative_to(ui)) for p in ui.rglob("*.py")
        if p.name != "__init__.py"
        and not any(i.split(".")[0] in ("PySide6", "qasync") for i in _imports(p)))
    unexpected = [p for p in qt_free if p not in UI_WITHOUT_QT]
    assert unexpected == [], f"Qt-free modules in studio/ui (belong in studio/core): {unexpected}"


def test_readme_architecture_tree_lists_every_package_folder() -> None:
    """README's tree (indentation = nesting) names exactly the folders under ``studio``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## Architecture")
    opening = text.index("```\n", start) + 4
    block = text[opening: text.index("```\n", opening)]
    stack: list[tuple[int, str]] = []
    listed = set()
    for line in block.splitlines():
        name = line.strip().split(" ")[0]
        if not name.endswith("/"):
            continue
        indent = len(line) - len(line.lstrip())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, name.rstrip("/")))
        listed.add("/".join(part for _, part in stack))
    folders = {str(p.relative_to(ROOT)) for p in STUDIO.rglob("*")
               if p.is_dir() and p.name != "__pycache__"} | {"studio"}
    assert {p for p in listed if p.startswith("studio")} == folders
