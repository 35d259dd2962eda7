"""LibraryModel: the results library as a list model that knows its size and reads pages lazily.

The model reports every matching row at once (one ``COUNT``), so the view lays its grid out
once and the scroll bar spans the whole library (drag it to the oldest result); a page of rows
(``page_size``, offset paging, newest first) is read only when a view asks for one of its rows,
and a thumbnail only when a view asks for the row's icon. Icons are kept in a bounded cache.

Inside a running asyncio loop (the app's qasync loop) pages are queried and thumbnails read
and decoded (to ``QImage``) in worker threads; the GUI thread only stores the finished rows,
announces them with ``dataChanged`` (no row is inserted, so nothing is laid out again) and
turns the images into icons; a placeholder shows until then. Without a loop (scripts, plain
tests) both happen at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap

from studio.api.pricing import ExpectedCost
from studio.core.jobs.library import LibraryError, ResultRecord, ResultsLibrary
from studio.core.jobs.search_text import describe_label, shown_tool

log = logging.getLogger(__name__)

PAGE_SIZE = 200
ICON_CACHE = 600
LOADING = "…"  # the caption of a row whose page is still being read
RecordRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
PAGE_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
              Qt.ItemDataRole.ToolTipRole, RecordRole]


class LibraryModel(QAbstractListModel):
    def __init__(self, library: ResultsLibrary, page_size: int = PAGE_SIZE,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.library = library
        self.page_size = page_size
        self.text: str | None = None
        self.tool: str | None = None
        self._total = 0
        self._pages: dict[int, list[ResultRecord]] = {}
        self._icons: OrderedDict[int, QIcon] = OrderedDict()
        self.thumbnails_loaded = 0
        self.pages_read = 0
        self._generation = 0  # bumped by set_filter: late pages of an old filter are dropped
        self._reading: set[int] = set()  # pages being read in the background
        self._wanted: set[int] = set()  # thumbnails asked for, being read in the background
        self._tasks: set[asyncio.Task] = set()
        self._reset_to_filter()

    # -- filtering -------------------------------------------------------------------------------
    def set_filter(self, text: str | None = None, tool: str | None = None) -> None:
        self.beginResetModel()
        self.text, self.tool = (text or None), (tool or None)
        self._reset_to_filter()
        self.endResetModel()

    def _reset_to_filter(self) -> None:
        """Count the matching rows and read the first page (what the view shows first)."""
        self._generation += 1
        self._pages, self._reading = {}, set()
        self._total = self.library.count(self.text, self.tool)
        if self._total:
            self._store_page(0, self._query(0))

    def refresh(self) -> None:
        self.set_filter(self.text, self.tool)

    def total(self) -> int:
        return self._total

    # -- pages -----------------------------------------------------------------------------------
    def _query(self, page: int) -> list[ResultRecord]:
        """The rows of one page; only reads the library (runs in a worker thread)."""
        return self.library.search(self.text, self.tool, limit=self.page_size,
                                   offset=page * self.page_size)

    def _store_page(self, page: int, records: list[ResultRecord]) -> None:
        self.pages_read += 1
        self._pages[page] = records

    def row_of(self, result_id: int) -> int | None:
        """The row showing ``result_id`` under the current filter, or None."""
        for page, records in self._pages.items():
            for offset, record in enumerate(records):
                if record.id == result_id:
                    return page * self.page_size + offset
        row = self.library.position(result_id, self.text, self.tool)
        return row if row is not None and row < self._total else None

    def is_loaded(self, row: int) -> bool:
        return row // self.page_size in self._pages

    def _cached(self, row: int) -> ResultRecord | None:
        """The row's record if its page was read; otherwise ask for the page (later)."""
        page = row // self.page_size
        records = self._pages.get(page)
        if records is None:
            self._request(page)
            records = self._pages.get(page)  # read at once when there is no loop
            if records is None:
                return None
        offset = row - page * self.page_size
        return records[offset] if offset < len(records) else None

    def _request(self, page: int) -> None:
        if page in self._reading:
            return
        if _running_loop() is None:
            self._store_page(page, self._query(page))
            return
        self._reading.add(page)
        self._start(self._read_page_in_thread(page, self._generation))

    async def _read_page_in_thread(self, page: int, generation: int) -> None:
        try:
            records = await asyncio.to_thread(self._query, page)
        finally:
            if generation == self._generation:
                self._reading.discard(page)  # a failed read is tried again when next shown
        if generation != self._generation:
            return  # the filter changed meanwhile
        self._store_page(page, records)
        first = page * self.page_size
        last = min(first + len(records), self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first), self.index(last), PAGE_ROLES)

    # -- data ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else self._total

    def record(self, row: int) -> ResultRecord:
        """The row's record, read now if its page is not here yet (a selected row was shown,
        so its page is almost always here)."""
        if not 0 <= row < self._total:
            raise IndexError(f"row {row} is not in the library view ({self._total} rows)")
        page = row // self.page_size
        if page not in self._pages:
            self._store_page(page, self._query(page))
        record = self._cached(row)
        if record is None:
            raise IndexError(f"row {row} is no longer in the library")
        return record

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._total:
            return None
        if role == Qt.ItemDataRole.SizeHintRole:  # every cell alike, icon or not yet
            return CELL_SIZE
        if role not in PAGE_ROLES:
            return None
        record = self._cached(index.row())
        if record is None:
            return LOADING if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return caption(record)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(record.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe_record(record)
        return record.id

    def _icon(self, result_id: int) -> QIcon:
        icon = self._icons.get(result_id)
        if icon is not None:
            self._icons.move_to_end(result_id)
            return icon
        if _running_loop() is None:
            image = thumbnail_image(self.library.thumbnail(result_id))
            return self._keep_icon(result_id, QIcon(QPixmap.fromImage(image)))
        if not self._wanted:  # the first miss of this paint: read them all together, later
            self._start(self._thumbnails_in_thread())
        self._wanted.add(result_id)
        return placeholder_icon()

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
        rows = [page * self.page_size + offset for page, records in self._pages.items()
                for offset, record in enumerate(records) if record.id in images]
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
            f"{record.seed} · {_cost(record)}\n{params}")


def _cost(record: ResultRecord) -> str:
    if record.free:
        return f"free: made by the offline engine (PixelLab would charge {_expected(record)})"
    return (f"cost ${record.cost_usd:.3f}{_gens(record.cost_generations)}"
            f" (expected {_expected(record)})")


def _expected(record: ResultRecord) -> str:
    return ExpectedCost(record.expected_usd, record.expected_generations).describe()


def _gens(generations: float) -> str:
    return f" + {generations:g} generations" if generations else ""


def _short(value: Any) -> str:
    if isinstance(value, dict) and value.get("type") == "image_ref":
        return "<image>"
    text = str(value)
    return text if len(text) < 40 else text[:37] + "..."


THUMB_SIZE = 48
CELL_SIZE = QSize(100, 84)  # the thumbnail over two lines of caption
_placeholder: list[QIcon] = []


def placeholder_icon() -> QIcon:
    """A transparent thumbnail-sized icon for rows whose thumbnail is still being read: an
    empty icon would make the view size every row (uniform sizes) without room for one."""
    if not _placeholder:
        pixmap = QPixmap(THUMB_SIZE, THUMB_SIZE)
        pixmap.fill(Qt.GlobalColor.transparent)
        _placeholder.append(QIcon(pixmap))
    return _placeholder[0]


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def thumbnail_image(png: bytes) -> QImage:
    """The stored thumbnail; a small sprite's is enlarged by a whole factor (nearest
    neighbour: every pixel the same size) instead of shown tiny. Bigger ones are left to the
    icon, which scales them down to fit."""
    image = QImage.fromData(png, "PNG")
    factor = THUMB_SIZE // max(1, image.width(), image.height())
    if image.isNull() or factor < 2:
        return image
    return image.scaled(image.width() * factor, image.height() * factor,
                        Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.FastTransformation)


def _decode_thumbnails(library: ResultsLibrary, ids: list[int]) -> dict[int, QImage]:
    """Worker thread: read and decode thumbnails (QImage only; icons are made by the caller)."""
    images = {}
    for result_id in ids:
        try:
            data = library.thumbnail(result_id)
        except LibraryError:  # deleted meanwhile
            continue
        images[result_id] = thumbnail_image(data)
    return images
