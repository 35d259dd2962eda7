"""Frame tags on the Document: validation, undo, frame inserts/deletes, project round trip."""

from __future__ import annotations

import json

import numpy as np
import pytest

from studio.core.document.document import Document
from studio.core.document.tags import (
    FrameTag,
    check_tags,
    playback_order,
    tag_at,
    tags_after_delete,
    tags_after_insert,
)
from studio.core.exporters.aseprite_json import export_aseprite_sheet
from studio.core.fileio.project import load_project_bytes, project_bytes


def _doc(frames: int = 6) -> Document:
    px = [(np.full((4, 4, 4), i * 10, np.uint8), 100) for i in range(frames)]
    return Document.from_frames(px, "tags")


@pytest.mark.parametrize(("direction", "order"), [
    ("forward", [1, 2, 3]), ("reverse", [3, 2, 1]),
    ("pingpong", [1, 2, 3, 2]), ("pingpong_reverse", [3, 2, 1, 2]),
])
def test_playback_order(direction: str, order: list[int]) -> None:
    assert playback_order(FrameTag("t", 1, 3, direction)) == order


def test_single_frame_pingpong_plays_that_frame() -> None:
    assert playback_order(FrameTag("t", 2, 2, "pingpong")) == [2]


@pytest.mark.parametrize(("tag", "words"), [
    (FrameTag(" ", 0, 1), "needs a name"),
    (FrameTag("a", 2, 9), "frames 3..10"),
    (FrameTag("a", 3, 1), "covers"),
    (FrameTag("a", 0, 1, "sideways"), "sideways"),
    (FrameTag("a", 0, 1, repeat=-1), "negative"),
])
def test_bad_tags_are_named_in_a_sentence(tag: FrameTag, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        check_tags([tag], 4)


def test_duplicate_names_are_refused() -> None:
    with pytest.raises(ValueError, match="Two tags"):
        check_tags([FrameTag("a", 0, 0), FrameTag("a", 1, 1)], 4)


def test_set_tags_is_one_undo_step() -> None:
    doc = _doc()
    doc.set_tags([FrameTag("walk", 0, 2), FrameTag("run", 3, 5, "pingpong")])
    assert [t.name for t in doc.tags] == ["walk", "run"]
    assert doc.history.undo_count == 1
    doc.history.undo()
    assert doc.tags == []
    doc.history.redo()
    assert doc.tags[1] == FrameTag("run", 3, 5, "pingpong")


def test_set_tags_rejects_bad_tags_and_keeps_the_old_ones() -> None:
    doc = _doc(3)
    doc.set_tags([FrameTag("walk", 0, 1)])
    with pytest.raises(ValueError):
        doc.set_tags([FrameTag("jump", 1, 7)])
    assert doc.tags == [FrameTag("walk", 0, 1)]


def test_insert_and_delete_frames_keep_tags_on_their_frames() -> None:
    tags = [FrameTag("a", 1, 2), FrameTag("b", 4, 4)]
    assert tags_after_insert(tags, 0) == [FrameTag("a", 2, 3), FrameTag("b", 5, 5)]
    assert tags_after_insert(tags, 2) == [FrameTag("a", 1, 3), FrameTag("b", 5, 5)]
    assert tags_after_insert(tags, 3) == [FrameTag("a", 1, 2), FrameTag("b", 5, 5)]
    assert tags_after_delete(tags, 1) == [FrameTag("a", 1, 1), FrameTag("b", 3, 3)]
    assert tags_after_delete(tags, 4) == [FrameTag("a", 1, 2)]


def test_document_frame_edits_move_tags_and_undo_restores_them() -> None:
    doc = _doc()
    doc.set_tags([FrameTag("walk", 2, 4)])
    doc.duplicate_frame(0)
    assert doc.tags == [FrameTag("walk", 3, 5)]
    doc.delete_frame(6)
    doc.delete_frame(4)
    assert doc.tags == [FrameTag("walk", 3, 4)]
    doc.history.undo()
    doc.history.undo()
    doc.history.undo()
    assert doc.tags == [FrameTag("walk", 2, 4)]


def test_tag_at_prefers_the_innermost_tag() -> None:
    tags = [FrameTag("all", 0, 5), FrameTag("hit", 2, 3)]
    assert tag_at(tags, 2).name == "hit"
    assert tag_at(tags, 5).name == "all"
    assert tag_at(tags[1:], 0) is None


def test_project_keeps_tags_and_old_files_open_without_them() -> None:
    doc = _doc()
    doc.set_tags([FrameTag("walk", 0, 2, "reverse", repeat=3)])
    again = load_project_bytes(project_bytes(doc))
    assert again.tags == [FrameTag("walk", 0, 2, "reverse", 3)]
    plain = load_project_bytes(project_bytes(_doc()))  # a file written before tags existed
    assert plain.tags == []


def test_project_with_a_tag_outside_the_frames_is_refused() -> None:
    import io
    import zipfile

    from studio.core.fileio.errors import FileFormatError

    doc = _doc(2)
    doc.set_tags([FrameTag("walk", 0, 1)])
    data = project_bytes(doc)
    src = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(src.read("manifest.json"))
    manifest["tags"][0]["end"] = 9
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = json.dumps(manifest) if info.filename == "manifest.json" else src.read(info)
            dst.writestr(info.filename, body)
    with pytest.raises(FileFormatError, match="frames 1..10"):
        load_project_bytes(out.getvalue())


def test_document_tags_export_as_frame_tags(tmp_path) -> None:
    doc = _doc(4)
    doc.set_tags([FrameTag("idle", 0, 1), FrameTag("hit", 2, 3, "pingpong", 2)])
    frames = [doc.composite(i) for i in range(4)]
    data = export_aseprite_sheet(frames, [100] * 4, tmp_path / "s.png", tags=doc.tags)
    assert data["meta"]["frameTags"] == [
        {"name": "idle", "from": 0, "to": 1, "direction": "forward"},
        {"name": "hit", "from": 2, "to": 3, "direction": "pingpong", "repeat": "2"},
    ]
