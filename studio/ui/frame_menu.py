"""The Frame menu: previous / next (``,`` ``.`` and Alt+arrows), first / last, duplicate,
and frame tags (new from the current frame or edit the tag under it, delete)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtWidgets import QMenu, QMenuBar

from studio.core.document.tags import FrameTag, tag_at
from studio.ui.tag_dialog import TagDialog

if TYPE_CHECKING:
    from studio.core.document.document import Document
    from studio.ui.canvas.widget import CanvasWidget


class FrameMenuHost(Protocol):
    canvas: CanvasWidget

    def current_document(self) -> Document | None: ...
    def show_error(self, title: str, text: str) -> Any: ...


def build_frame_menu(w: FrameMenuHost, bar: QMenuBar, add: Callable) -> QMenu:
    m = bar.addMenu("F&rame")
    add(m, "frame_prev", "&Previous frame", lambda: go(w, -1), [",", "Alt+Left"],
        obj="frames.prev")
    add(m, "frame_next", "&Next frame", lambda: go(w, 1), [".", "Alt+Right"], obj="frames.next")
    add(m, "frame_first", "&First frame", lambda: go_to(w, 0), ["Home", "Alt+Home"],
        obj="frames.first")
    add(m, "frame_last", "&Last frame", lambda: go_to(w, -1), ["End", "Alt+End"],
        obj="frames.last")
    m.addSeparator()
    add(m, "frame_duplicate", "&Duplicate frame", lambda: duplicate(w), "Alt+D",
        obj="frames.duplicate_action")
    m.addSeparator()
    add(m, "frame_tag", "&Tag frames…", lambda: ask_tag(w), "Alt+T",
        "Name a range of frames (new, or edit the tag of this frame)", obj="frames.tag")
    add(m, "frame_untag", "&Remove tag", lambda: remove_tag(w), None,
        "Remove the tag of this frame", obj="frames.untag")
    return m


def go(w: FrameMenuHost, step: int) -> None:
    doc = w.current_document()
    if doc is not None:
        w.canvas.transform.commit()
        doc.current_frame = (doc.current_frame + step) % len(doc.frames)


def go_to(w: FrameMenuHost, index: int) -> None:
    doc = w.current_document()
    if doc is not None:
        w.canvas.transform.commit()
        doc.current_frame = index % len(doc.frames)


def duplicate(w: FrameMenuHost) -> None:
    doc = w.current_document()
    if doc is not None:
        doc.current_frame = doc.duplicate_frame(doc.current_frame)


def ask_tag(w: FrameMenuHost) -> TagDialog | None:
    doc = w.current_document()
    if doc is None:
        return None
    current = tag_at(doc.tags, doc.current_frame)
    tag = current or FrameTag(f"Tag {len(doc.tags) + 1}", doc.current_frame, doc.current_frame)
    others = [t for t in doc.tags if t is not current]
    dialog = TagDialog(len(doc.frames), tag, others, w.canvas.window())

    def done() -> None:
        tags = [dialog.tag() if t is current else t for t in doc.tags]
        if current is None:
            tags.append(dialog.tag())
        try:
            doc.set_tags(sorted(tags, key=lambda t: (t.start, t.end)))
        except ValueError as exc:
            w.show_error("Cannot tag the frames", str(exc))

    dialog.accepted.connect(done)
    dialog.open()
    return dialog


def remove_tag(w: FrameMenuHost) -> bool:
    doc = w.current_document()
    current = None if doc is None else tag_at(doc.tags, doc.current_frame)
    if doc is None or current is None:
        return False
    doc.set_tags([t for t in doc.tags if t is not current], "Remove tag")
    return True
