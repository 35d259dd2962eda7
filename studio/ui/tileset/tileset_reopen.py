"""Reopening tilesets in the Tileset dock: from the results library (stored tiles, linked to
their corners) and from the current document's project data (``Document.extras``), and saving
the dock's tilesets and painted map into that document.

Mixed into :class:`studio.ui.tileset.tileset_panel.TilesetPanel`, which provides the fields and
the showing methods named below.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QMenu

from studio.core.tiles.project_state import (
    library_tileset_jobs,
    preview_state,
    read_preview_state,
)
from studio.core.tiles.record import PROJECT_KEY, GeneratedTileset

log = logging.getLogger(__name__)


class TilesetReopening:
    library: Any
    library_menu: QMenu
    status: QLabel
    tilesets: list[GeneratedTileset]
    layers: list[GeneratedTileset]
    history: Any
    preview: Any
    controls: Any
    document_source: Callable[[], Any] | None
    parentWidget: Callable[[], Any]  # noqa: N815 - the QWidget method

    def add_tileset(self, record: GeneratedTileset) -> None: ...
    def show_tileset(self, record: GeneratedTileset) -> None: ...
    def layer_tileset(self, record: GeneratedTileset) -> bool: ...
    def _remember(self, record: GeneratedTileset) -> None: ...

    def library_tileset_jobs(self, limit: int = 400) -> list[tuple[str, str]]:
        """(job id, "lower / upper") of the tileset jobs in the library, newest first."""
        return [] if self.library is None else library_tileset_jobs(self.library, limit)

    def fill_library_menu(self) -> None:
        self.library_menu.clear()
        jobs = self.library_tileset_jobs()
        if not jobs:
            self.library_menu.addAction("No tilesets in the library").setEnabled(False)
        for job_id, label in jobs[:30]:
            action = self.library_menu.addAction(label)
            action.triggered.connect(lambda _=False, j=job_id: self.open_from_library(j))

    def open_from_library(self, job_id: str) -> GeneratedTileset | None:
        """Rebuild the tileset job ``job_id`` stored from the library and show it."""
        if self.library is None:
            self.status.setText("no results library is connected")
            return None
        try:
            record = GeneratedTileset.from_library(self.library, job_id)
        except Exception:  # noqa: BLE001 - missing files, bad rows: said, not raised
            log.warning("could not reopen tileset job %s from the library", job_id,
                        exc_info=True)
            self.status.setText("Could not reopen this tileset: its stored tiles are missing "
                                "or damaged. Generate it again, or pick another one.")
            return None
        self.add_tileset(record)
        missing = len(record.missing)
        self.status.setText(f"Reopened {record.label} from the library: {len(record.tiles)} "
                            f"tiles" + (f", missing {missing}" if missing else ""))
        return record

    def current_document(self) -> Any:
        if self.document_source is not None:
            return self.document_source()
        widget = self.parentWidget()  # docked (or floating) in the main window
        while widget is not None:
            getter = getattr(widget, "current_document", None)
            if callable(getter):
                return getter()
            widget = widget.parentWidget()
        return None

    def project_state(self) -> dict[str, Any] | None:
        """The tilesets (tiles embedded as PNG), the preview's layers and its painted map."""
        if not self.layers:
            return None
        model = self.preview.model
        return preview_state(self.tilesets, self.layers, model.width, model.height,
                             model.terrains, model.vertices)

    def save_to_project(self, doc: Any = None) -> bool:
        """Store :meth:`project_state` in the document (one undo step); False when not possible."""
        doc = self.current_document() if doc is None else doc
        if doc is None:
            self.status.setText("Open or create a document first: the tileset map is saved in "
                                "its project file")
            return False
        state = self.project_state()
        if state is None:
            self.status.setText("Nothing to save yet: generate or open a tileset first")
            return False
        doc.set_extra(PROJECT_KEY, state)
        self.status.setText(f"Tilesets and preview map stored in {doc.name}; save it as a "
                            ".pxstudio project to keep them in the file")
        return True

    def open_from_project(self, doc: Any = None) -> bool:
        """Restore the tilesets and the preview map saved in the document."""
        doc = self.current_document() if doc is None else doc
        data = None if doc is None else doc.extras.get(PROJECT_KEY)
        if not data:
            self.status.setText("The current document holds no tileset map (use Save to project)")
            return False
        try:
            self.load_project_state(data)
        except ValueError as exc:  # our own clause, e.g. "saved by a newer version (3)"
            log.warning("could not read the tileset map of %s: %s", doc.name, exc)
            self.status.setText(f"Could not open the tileset map saved in {doc.name}: {exc}. "
                                "Generate the tilesets again and save them to the project.")
            return False
        self.status.setText(f"Opened {len(self.tilesets)} tileset(s) and the preview map from "
                            f"{doc.name}")
        return True

    def load_project_state(self, data: Any) -> None:
        """Replace the panel's tilesets and map with :meth:`project_state` output (ValueError)."""
        load = self.library.load_image if self.library is not None else None
        saved = read_preview_state(data, load)
        self.tilesets, self.layers = [], []
        self.history.clear()
        for record in saved.tilesets:
            self._remember(record)
        self.preview.resize_map(saved.width, saved.height)
        self.show_tileset(saved.layers[0])
        for record in saved.layers[1:]:
            self.layer_tileset(record)
        self.preview.set_vertices(saved.vertices)
        self.controls.map_width.setValue(saved.width)
        self.controls.map_height.setValue(saved.height)
        self.preview.fit_to_view()
