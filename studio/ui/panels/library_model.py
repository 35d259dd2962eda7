"""LibraryModel: the results library as a paged list model with lazily decoded thumbnails.

Rows are fetched a page at a time (``fetchMore``, keyset paging on (created, id)) and a
thumbnail is read from SQLite only when a view asks for the row's icon; icons are kept in a
bounded cache so scrolling through thousands of rows stays light.

Inside a running asyncio loop (the app's qasync loop) pages are queried and thumbnails read
and decoded (to ``QImage``) in worker threads; the GUI thread only inserts the finished rows
and turns the images into icons (a blank icon shows until then). Without a loop (scripts,
plain tests) both happen at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap

from studio.api.pricing import ExpectedCost
from studio.core.jobs.library import LibraryError, ResultRecord, ResultsLibrary
from studio.core.jobs.search_text import describe_label, shown_tool
from studio.ui.panels.generation_images import png_to_pixmap

log = logging.getLogger(__name__)

PAGE_SIZE = 200
ICON_CACHE = 600
RecordRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class LibraryModel(QAbstractListModel):
    def __init__(self, library: ResultsLibrary, page_size: int = PAGE_SIZE,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self.page_size = page_size
        self.text: str | None = None
        self.tool: str | None = None
        self._records: list[ResultRecord] = []
        self._exhausted = False
        self._icons: OrderedDict[int, QIcon] = OrderedDict()
        self.thumbnails_loaded = 0
        self._generation = 0  # bumped by set_filter: late pages of an old filter are dropped
        self._loading = False
        self._wanted: set[int] = set()  # thumbnails asked for, being read in the background
        self._tasks: set[asyncio.Task] = set()
        self._fetch()

    # -- filtering -------------------------------------------------------------------------------
    def set_filter(self, text: str | None = None, tool: str | None = None) -> None:
        self.beginResetModel()
        self.text, self.tool = (text or None), (tool or None)
        self._records, self._exhausted = [], False
        self._generation += 1
        self._loading = False
        self._fetch()
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self.text, self.tool)

    def total(self) -> int:
        return self.library.count(self.text, self.tool)

    # -- paging ----------------------------------------------------------------------------------
    def _next_page(self) -> list[ResultRecord]:
        page = self._query(*self._page_key())
        self._exhausted = len(page) < self.page_size
        return page

    def _page_key(self) -> tuple[str | None, str | None, tuple[float, int] | None]:
        after = (self._records[-1].created, self._records[-1].id) if self._records else None
        return self.text, self.tool, after

    def _query(self, text: str | None, tool: str | None,
               after: tuple[float, int] | None) -> list[ResultRecord]:
        """The next page after the key; only reads the library (runs in a worker thread)."""
        return self.library.search(text, tool, limit=self.page_size, after=after)

    def _fetch(self) -> None:
        self._records.extend(self._next_page())

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or self._exhausted or self._loading:
            return
        if _running_loop() is not None:
            self._loading = True
            self._start(self._fetch_in_thread(self._generation))
            return
        self._insert(self._next_page())

    async def _fetch_in_thread(self, generation: int) -> None:
        try:
            page = await asyncio.to_thread(self._query, *self._page_key())
        finally:
            if generation == self._generation:
                self._loading = False
        if generation == self._generation:
            self._exhausted = len(page) < self.page_size
            self._insert(page)

    def _insert(self, page: list[ResultRecord]) -> None:
        if not page:
            return
        start = len(self._records)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._records.extend(page)
        self.endInsertRows()

    # -- data ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._records)

    def record(self, row: int) -> ResultRecord:
        return self._records[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return caption(record)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(record.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe_record(record)
        if role == RecordRole:
            return record.id
        return None

    def _icon(self, result_id: int) -> QIcon:
        icon = self._icons.get(result_id)
        if icon is not None:
            self._icons.move_to_end(result_id)
            return icon
        if _running_loop() is None:
            pixmap = png_to_pixmap(self.library.thumbnail(result_id))
            return self._keep_icon(result_id, QIcon(pixmap))
        if not self._wanted:  # the first miss of this paint: read them all together, later
            self._start(self._thumbnails_in_thread())
        self._wanted.add(result_id)
        return BLANK_ICON

    def _keep_icon(self, result_id: int, icon: QIcon) -> QIcon:
        self.thumbnails_loaded += 1
        self._icons[result_id] = icon
        if len(self._icons) > ICON_CACHE:
            self._icons.popitem(last=False)
        return icon

    async def _thumbnails_in_thread(self) -> None:
        await asyncio.sleep(0)  # let the view ask for every visible row first
        wanted, self._wanted = sorted(self._wanted), set()
        images = await asyncio.to_thread(_decode_thumbnails, self.library, wanted)
        for result_id, image in images.items():
            self._keep_icon(result_id, QIcon(QPixmap.fromImage(image)))
        rows = [row for row, record in enumerate(self._records) if record.id in images]
        if rows:  # only the rows that got an icon (a wider range costs the view a relayout)
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)),
                                  [Qt.ItemDataRole.DecorationRole])

    def _start(self, work: Coroutine[Any, Any, None]) -> None:
        """Run background work; a failure (e.g. the library was closed) is only logged."""
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.warning("library browser: background read failed: %s", task.exception())

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        record = self._records.pop(row)
        self._icons.pop(record.id, None)
        self.endRemoveRows()


def caption(record: ResultRecord) -> str:
    """Under the thumbnail: what it is (description or tool) and its label (tile corners,
    direction, "frame n")."""
    name = record.description[:24] or shown_tool(record.tool)
    label = describe_label(record.label)
    return f"{name} · {label}" if label else name


def describe_record(record: ResultRecord) -> str:
    shown = {k: v for k, v in record.params.items() if k != "description"}
    params = ", ".join(f"{k}={_short(v)}" for k, v in sorted(shown.items()))
    label = describe_label(record.label)
    title = record.description or shown_tool(record.tool)
    return (f"{title}" + (f" — {label}" if label else "") +
            f"\n{shown_tool(record.tool)} · {record.width}x{record.height} · seed "
            f"{record.seed} · cost ${record.cost_usd:.3f}{_gens(record.cost_generations)}"
            f" (expected {_expected(record)})\n{params}")


def _expected(record: ResultRecord) -> str:
    return ExpectedCost(record.expected_usd, record.expected_generations).describe()


def _gens(generations: float) -> str:
    return f" + {generations:g} generations" if generations else ""


def _short(value: Any) -> str:
    if isinstance(value, dict) and value.get("type") == "image_ref":
        return "<image>"
    text = str(value)
    return text if len(text) < 40 else text[:37] + "..."


BLANK_ICON = QIcon()


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _decode_thumbnails(library: ResultsLibrary, ids: list[int]) -> dict[int, QImage]:
    """Worker thread: read and decode thumbnails (QImage only; icons are made by the caller)."""
    images = {}
    for result_id in ids:
        try:
            data = library.thumbnail(result_id)
        except LibraryError:  # deleted meanwhile
            continue
        images[result_id] = QImage.fromData(data, "PNG")
    return images
