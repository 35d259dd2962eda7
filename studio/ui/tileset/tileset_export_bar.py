"""Export buttons under the preview: Tiled (PNG + TSX, optional TMX), Godot .tres, PNG + JSON.

The file formats are written by ``studio.core.exporters``; this bar only picks the folder,
calls them with the tileset shown in the sheet (and the preview map for TMX), and reports.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtWidgets import QCheckBox, QFileDialog, QGridLayout, QLabel, QPushButton, QWidget

from studio.core.exporters import tileset as tileset_exports
from studio.core.fileio.errors import write_problem
from studio.core.tiles.record import GeneratedTileset

log = logging.getLogger(__name__)


class TilesetSource(Protocol):
    """What the bar exports: the tileset shown in the sheet and the painted preview map."""

    sheet_record: GeneratedTileset | None
    status: QLabel

    def preview_indices_for(self, record: GeneratedTileset) -> np.ndarray | None: ...


class TilesetExportBar(QWidget):
    def __init__(self, panel: TilesetSource, parent: QWidget | None = None):
        super().__init__(parent)
        self.panel = panel
        self.tiled = QPushButton("Export Tiled…", objectName="tileset.export_tiled")
        self.with_tmx = QCheckBox("+ TMX map", objectName="tileset.export_tmx", checked=True)
        self.godot = QPushButton("Export Godot…", objectName="tileset.export_godot")
        self.plain = QPushButton("Export PNG+JSON…", objectName="tileset.export_plain")
        layout = QGridLayout(self)  # two rows: one row is wider than the dock at 1280x800
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tiled, 0, 0)
        layout.addWidget(self.with_tmx, 0, 1)
        layout.addWidget(self.godot, 1, 0)
        layout.addWidget(self.plain, 1, 1)
        layout.setColumnStretch(2, 1)
        self.tiled.clicked.connect(lambda: self._ask_and_export("tiled"))
        self.godot.clicked.connect(lambda: self._ask_and_export("godot"))
        self.plain.clicked.connect(lambda: self._ask_and_export("plain"))

    def export(self, kind: str, folder: str | Path) -> list[Path]:
        """Write the sheet's tileset to ``folder``; returns the files written."""
        record = self.panel.sheet_record
        if record is None:
            raise ValueError("generate or select a tileset first")
        folder = Path(folder)
        if kind == "tiled":
            indices = self.panel.preview_indices_for(record) if self.with_tmx.isChecked() else None
            return tileset_exports.export_tiled(record, folder, indices)
        if kind == "godot":
            return tileset_exports.export_godot(record, folder)
        if kind == "plain":
            return tileset_exports.export_plain(record, folder)
        raise ValueError(f"unknown export kind {kind!r}")

    def _ask_and_export(self, kind: str) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export tileset to folder")
        if not folder:
            return
        try:
            written = self.export(kind, folder)
        except ValueError as exc:  # our own clause: nothing to export, a bad tile size
            self.panel.status.setText(f"Not exported: {exc}.")
            return
        except OSError as exc:
            log.warning("tileset export to %s failed: %s", folder, exc)
            self.panel.status.setText("Not exported. " + write_problem("the chosen folder",
                                                                       folder, exc))
            return
        names = ", ".join(p.name for p in written)
        self.panel.status.setText(f"Exported {names} to {folder}")
