"""The .pxstudio project file: full round trip, poses, extras, and every kind of broken file."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core.document.document import Document, Layer
from studio.core.fileio import FileFormatError, load_project, load_project_bytes, save_project
from studio.core.fileio.imaging import encode_png
from studio.core.fileio.project import project_bytes

POSE = [{"label": "NOSE", "x": 0.5, "y": 0.2, "z_index": 1.0},
        {"label": "NECK", "x": 0.5, "y": 0.3, "z_index": 0.0}]


class FakePose:
    """Any object with to_dict()/from_dict() may sit in Frame.pose."""

    def __init__(self, points: list[dict]) -> None:
        self.points = points

    def to_dict(self) -> list[dict]:
        return self.points

    @classmethod
    def from_dict(cls, data: list[dict]) -> FakePose:
        return cls(list(data))


def rich_document() -> Document:
    rng = np.random.default_rng(3)
    doc = Document.new(9, 7, name="hero")
    doc.set_pixels(0, 0, doc.bounds, rng.integers(0, 256, (7, 9, 4), dtype=np.uint8))
    doc.add_layer(0, Layer("AI result", rng.integers(0, 256, (7, 9, 4), dtype=np.uint8),
                           visible=False, opacity=0.25, kind="ai"))
    doc.set_mask(0, (rng.random((7, 9)) > 0.5).astype(np.uint8) * 255)
    doc.set_pose(0, FakePose(POSE))
    doc.duplicate_frame(0)
    doc.set_duration(1, 333)
    doc.set_pose(1, list(POSE[:1]))
    doc.set_mask(1, None)
    doc.add_frame()
    doc.set_palette([(1, 2, 3, 255), (4, 5, 6, 0)])
    doc.set_extra("tilemap", {"cells": [[0, 15], [3, 12]], "tileset_id": "abc"})
    doc.current_frame = 1
    return doc


def assert_same(a: Document, b: Document) -> None:
    assert (a.width, a.height, a.name) == (b.width, b.height, b.name)
    assert a.palette == b.palette and a.extras == b.extras
    assert a.current_frame == b.current_frame and len(a.frames) == len(b.frames)
    for fa, fb in zip(a.frames, b.frames, strict=True):
        assert fa.duration_ms == fb.duration_ms
        assert (fa.mask is None) == (fb.mask is None)
        if fa.mask is not None:
            np.testing.assert_array_equal(fa.mask, fb.mask)
        assert len(fa.layers) == len(fb.layers)
        for la, lb in zip(fa.layers, fb.layers, strict=True):
            assert (la.name, la.kind, la.visible, la.opacity) == (
                lb.name, lb.kind, lb.visible, lb.opacity)
            np.testing.assert_array_equal(la.pixels, lb.pixels)


def test_round_trip_keeps_every_kind_of_content(tmp_path: Path) -> None:
    doc = rich_document()
    path = tmp_path / "hero.pxstudio"
    save_project(doc, path)
    assert not doc.dirty and doc.path == path
    back = load_project(path, pose_factory=FakePose.from_dict)
    assert_same(doc, back)
    assert isinstance(back.frames[0].pose, FakePose) and back.frames[0].pose.points == POSE
    assert back.frames[1].pose.points == POSE[:1]
    assert back.frames[2].pose is None
    assert back.path == path and not back.dirty and back.history.undo_count == 0


def test_default_loader_keeps_unknown_pose_shapes_as_plain_json() -> None:
    doc = Document.new(2, 2)
    doc.set_pose(0, [{"label": "NOSE", "x": 0.1, "y": 0.2, "z_index": 0}])
    back = load_project_bytes(project_bytes(doc))
    pose = back.frames[0].pose
    points = pose.to_dict() if hasattr(pose, "to_dict") else pose
    assert any(p["label"] == "NOSE" and abs(p["x"] - 0.1) < 1e-6 for p in points)


def test_manifest_is_versioned_json_next_to_pngs() -> None:
    data = project_bytes(rich_document())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = set(zf.namelist())
    assert manifest["format"] == "pxstudio" and manifest["version"] == 1
    assert manifest["frames"][0]["pose"] == POSE
    assert {"frames/0000/layer_00.png", "frames/0000/layer_01.png", "frames/0000/mask.png"} <= names


def test_unserialisable_extras_fail_before_touching_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.pxstudio"
    path.write_bytes(b"old content")
    doc = Document.new(2, 2)
    doc.set_extra("bad", {"f": object()})
    with pytest.raises(ValueError, match="JSON"):
        save_project(doc, path)
    assert path.read_bytes() == b"old content"
    assert list(tmp_path.iterdir()) == [path]


def rewrite(data: bytes, change) -> bytes:
    """Copy a project ZIP, letting ``change(name, bytes)`` replace or drop (None) entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            new = change(name, src.read(name))
            if new is not None:
                dst.writestr(name, new)
    return out.getvalue()


def manifest_edit(edit):
    def change(name: str, raw: bytes) -> bytes:
        if name != "manifest.json":
            return raw
        obj = json.loads(raw)
        edit(obj)
        return json.dumps(obj).encode()
    return change


BROKEN = {
    "zero bytes": (lambda d: b"", "empty"),
    "truncated zip": (lambda d: d[: len(d) // 2], "damaged or truncated"),
    "not a zip": (lambda d: b"\x89PNG\r\n\x1a\n" + d[:50], "not a ZIP"),
    "no manifest": (lambda d: rewrite(d, lambda n, r: None if n == "manifest.json" else r),
                    "no manifest"),
    "manifest not json": (lambda d: rewrite(d, lambda n, r: b"{oops" if n == "manifest.json"
                                            else r), "not valid JSON"),
    "foreign json": (lambda d: rewrite(d, lambda n, r: b'{"format": "krita"}'
                                       if n == "manifest.json" else r), "unknown manifest"),
    "newer version": (lambda d: rewrite(d, manifest_edit(lambda m: m.update(version=99))),
                      "newer Pixel Studio"),
    "bad field": (lambda d: rewrite(d, manifest_edit(lambda m: m["frames"][0].update(
        duration_ms=-5))), "frames.0.duration_ms"),
    "missing png": (lambda d: rewrite(d, lambda n, r: None if n.endswith("layer_01.png")
                                      else r), "missing"),
    "png wrong size": (lambda d: rewrite(d, lambda n, r: encode_png(
        np.zeros((3, 3, 4), np.uint8)) if n.endswith("layer_00.png") else r), "expected 9x7"),
    "png garbage": (lambda d: rewrite(d, lambda n, r: b"garbage" if n.endswith("mask.png")
                                      else r), "mask.png"),
    "huge dimensions": (lambda d: rewrite(d, manifest_edit(lambda m: m.update(width=100000))),
                        "width"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_projects_get_a_clear_error_and_change_nothing(tmp_path: Path, case: str) -> None:
    breaker, message = BROKEN[case]
    path = tmp_path / "broken.pxstudio"
    path.write_bytes(breaker(project_bytes(rich_document())))
    before = path.read_bytes()
    with pytest.raises(FileFormatError, match=message) as info:
        load_project(path)
    assert "broken.pxstudio" in str(info.value)
    assert path.read_bytes() == before


def test_zip_bomb_entries_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", b"{}")
        zf.writestr("frames/0000/layer_00.png", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(FileFormatError, match="suspiciously compressed"):
        load_project_bytes(out.getvalue())


def test_real_skeleton_pose_round_trips_when_available() -> None:
    skeleton = pytest.importorskip("studio.core.skeleton.pose")
    labels = [p["label"] for p in skeleton.Pose(np.zeros((18, 2)), np.zeros(18)).to_dict()]
    rng = np.random.default_rng(5)
    pose = skeleton.Pose(rng.random((18, 2)), rng.integers(-1, 2, 18).astype(float))
    doc = Document.new(4, 4)
    doc.set_pose(0, pose)
    back = load_project_bytes(project_bytes(doc))
    assert isinstance(back.frames[0].pose, skeleton.Pose)
    assert back.frames[0].pose == pose
    assert [p["label"] for p in back.frames[0].pose.to_dict()] == labels


_SMALL = project_bytes(rich_document())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(_SMALL) - 1), st.integers(0, 255)), max_size=8),
       st.integers(1, len(_SMALL)))
def test_mangled_projects_only_ever_raise_file_format_error(flips, cut: int) -> None:
    data = bytearray(_SMALL[:cut])
    for pos, value in flips:
        if pos < len(data):
            data[pos] = value
    try:
        doc = load_project_bytes(bytes(data))
    except FileFormatError:
        return
    assert doc.width == 9 and doc.height == 7
