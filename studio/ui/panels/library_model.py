"""LibraryModel: the results library as a paged list model with lazily decoded thumbnails.

Rows are fetched a page at a time (``fetchMore``, keyset paging on (created, id)) and a
thumbnail is read from SQLite only when a view asks for the row's icon; icons are kept in a
bounded cache so scrolling through thousands of rows stays light.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon

from studio.api.pricing import ExpectedCost
from studio.core.jobs.library import ResultRecord, ResultsLibrary
from studio.core.jobs.search_text import describe_label, shown_tool
from studio.ui.panels.generation_images import png_to_pixmap

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
        self._fetch()

    # -- filtering -------------------------------------------------------------------------------
    def set_filter(self, text: str | None = None, tool: str | None = None) -> None:
        self.beginResetModel()
        self.text, self.tool = (text or None), (tool or None)
        self._records, self._exhausted = [], False
        self._fetch()
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self.text, self.tool)

    def total(self) -> int:
        return self.library.count(self.text, self.tool)

    # -- paging ----------------------------------------------------------------------------------
    def _next_page(self) -> list[ResultRecord]:
        after = (self._records[-1].created, self._records[-1].id) if self._records else None
        page = self.library.search(self.text, self.tool, limit=self.page_size, after=after)
        if len(page) < self.page_size:
            self._exhausted = True
        return page

    def _fetch(self) -> None:
        self._records.extend(self._next_page())

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802
        if parent.isValid() or self._exhausted:
            return
        page = self._next_page()
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
        icon = QIcon(png_to_pixmap(self.library.thumbnail(result_id)))
        self.thumbnails_loaded += 1
        self._icons[result_id] = icon
        if len(self._icons) > ICON_CACHE:
            self._icons.popitem(last=False)
        return icon

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
