"""Saving Settings (a backend switch) keeps every panel's state: the generated tileset and its
painted map, the Create variants, the dock sizes (issue 14). The real app flow, offline."""

from __future__ import annotations

import argparse
import asyncio

import numpy as np
from PySide6.QtCore import QPointF, QSettings
from PySide6.QtWidgets import QDockWidget

from studio.app import _install_settings, start_backend
from studio.ui.main_window import MainWindow
from tests.ui.conftest import drag
from tests.ui.generation_helpers import wait_for


def _shut(qloop, holder) -> None:
    qloop.run_until_complete(holder["panels"].status.shutdown())
    for panel in holder["panels"].panels.values():
        stop = getattr(panel, "shutdown", None)
        if callable(stop):
            result = stop()
            if asyncio.iscoroutine(result):
                qloop.run_until_complete(result)
    qloop.run_until_complete(holder["backend"].aclose())


def test_saving_settings_keeps_tileset_map_variants_and_dock_sizes(qloop, qtbot, tmp_path,
                                                                     monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("PIXELLAB_API_TOKEN", "")
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window._closing_confirmed = True
    window.resize(1400, 900)
    window.show()
    args = argparse.Namespace(offline=True, files=[], quit_after=None)
    holder: dict = {}
    _install_settings(window, args, holder)
    qloop.run_until_complete(start_backend(window, args, holder))
    backend, panels = holder["backend"], holder["panels"]
    create, tileset = panels.panels["panel.create"], panels.panels["panel.tileset"]
    try:
        async def make_things() -> None:
            create.form.description.setPlainText("a red potion")
            create.form.variants.setValue(2)
            create.generate_button.click()
            tileset.form.lower.setText("ocean")
            tileset.form.upper.setText("sand")
            assert tileset.start_generation()
            await wait_for(lambda: len(create.variants_view.result_ids()) == 2
                           and bool(tileset.tilesets), timeout=30)
        qloop.run_until_complete(make_things())
        window.findChild(QDockWidget, "panel.tileset").raise_()
        view = tileset.preview
        view.set_zoom(2.0)
        view.set_offset(QPointF(0, 0))
        target = view.vertex_pos(5, 4)
        drag(view, [(target.x() + 1, target.y() + 1)])
        painted = view.model.vertices.copy()
        assert painted.any()
        right = window.findChild(QDockWidget, "panel.create")
        jobs = window.findChild(QDockWidget, "panel.jobs")
        sizes = (right.width(), right.height(), jobs.height())
        variants = create.variants_view.result_ids()
        engine = backend.client.target

        async def save_and_wait() -> None:
            window.on_settings_saved(None)
            await holder["switch"]
        qloop.run_until_complete(save_and_wait())
        assert backend.client.target is not engine  # a new engine answers now
        assert holder["panels"] is panels and panels.panels["panel.tileset"] is tileset
        assert create.variants_view.result_ids() == variants
        assert len(tileset.tilesets) == 1 and np.array_equal(view.model.vertices, painted)
        assert (right.width(), right.height(), jobs.height()) == sizes
        assert window.findChild(QDockWidget, "panel.create") is right
    finally:
        _shut(qloop, holder)
