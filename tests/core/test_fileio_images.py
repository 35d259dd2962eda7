"""Opening image files (PNG, APNG, GIF, WebP), sheets, clipboard, PNG saving; bad inputs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.core.document.document import Document
from studio.core.fileio import (
    FileFormatError,
    document_from_clipboard,
    document_from_sheet,
    image_from_clipboard,
    open_document,
    open_image_bytes,
    open_image_file,
    save_png,
    save_png_frames,
    slice_sheet,
)
from studio.core.fileio.imaging import encode_png

from .fileio_samples import animation_bytes, frames, png_with_header


def random_rgba(h: int, w: int, seed: int = 1) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, 4), dtype=np.uint8)


def test_png_round_trip_through_save_and_open(tmp_path: Path) -> None:
    img = random_rgba(5, 7)
    img[0, 0, 3] = 0
    doc = Document.from_image(img)
    target = tmp_path / "a.png"
    save_png(doc, target)
    back = open_image_file(target)
    assert back.size == (7, 5) and back.path == target and back.name == "a"
    np.testing.assert_array_equal(back.frames[0].layers[0].pixels, doc.composite(0))
    assert not back.dirty


@pytest.mark.parametrize(("fmt", "suffix"), [("GIF", ".gif"), ("PNG", ".apng"),
                                             ("WEBP", ".webp")])
def test_animations_keep_frames_and_durations(tmp_path: Path, fmt: str, suffix: str) -> None:
    imgs = frames(count=3)
    durations = [80, 150, 300]
    path = tmp_path / f"anim{suffix}"
    path.write_bytes(animation_bytes(imgs, fmt, durations))
    doc = open_document(path)
    assert len(doc.frames) == 3
    assert [f.duration_ms for f in doc.frames] == durations
    for frame, img in zip(doc.frames, imgs, strict=True):
        np.testing.assert_array_equal(frame.layers[0].pixels, img)


def test_single_frame_webp_and_gif_open(tmp_path: Path) -> None:
    for fmt, name in (("WEBP", "one.webp"), ("GIF", "one.gif")):
        (tmp_path / name).write_bytes(animation_bytes(frames(count=1), fmt, [100]))
        doc = open_document(tmp_path / name)
        np.testing.assert_array_equal(doc.frames[0].layers[0].pixels, frames(count=1)[0])


def test_save_png_frames_writes_each_frame(tmp_path: Path) -> None:
    doc = Document.from_frames([(img, 100) for img in frames(count=2)])
    paths = save_png_frames(doc, tmp_path, "walk")
    assert [p.name for p in paths] == ["walk_0.png", "walk_1.png"]
    np.testing.assert_array_equal(open_image_file(paths[1]).frames[0].layers[0].pixels,
                                  frames(count=2)[1])


def test_zero_byte_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(FileFormatError, match="empty") as info:
        open_image_file(empty)
    assert info.value.path == empty and "empty.png" in str(info.value)


def test_missing_and_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="does not exist"):
        open_image_file(tmp_path / "nope.png")
    text = tmp_path / "notes.png"
    text.write_text("hello, I am not a picture")
    with pytest.raises(FileFormatError, match="not a supported image"):
        open_image_file(text)
    jpeg = tmp_path / "photo.txt"
    jpeg.write_bytes(b"x")
    with pytest.raises(FileFormatError, match="unsupported file type"):
        open_document(jpeg)


def test_truncated_png_is_refused() -> None:
    data = encode_png(random_rgba(64, 64))
    with pytest.raises(FileFormatError, match="damaged or truncated"):
        open_image_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("side", [5000, 40000])
def test_huge_png_header_is_refused_before_decoding(side: int) -> None:
    with pytest.raises(FileFormatError, match="too large"):
        open_image_bytes(png_with_header(side, side))


def test_animation_with_too_many_pixels_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import studio.core.fileio.imaging as imaging

    monkeypatch.setattr(imaging, "MAX_TOTAL_PIXELS", 6 * 4 * 2)
    data = animation_bytes(frames(count=3), "PNG", [100, 100, 100])
    with pytest.raises(FileFormatError, match="animation is too large"):
        open_image_bytes(data)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.integers(0, 400))
def test_random_and_mangled_bytes_never_escape_as_other_errors(junk: bytes, cut: int) -> None:
    good = animation_bytes(frames(count=2), "GIF", [100, 100])
    for data in (junk, good[:cut] + junk, b"\x89PNG\r\n\x1a\n" + junk):
        try:
            doc = open_image_bytes(data)
        except FileFormatError:
            continue
        assert doc.width >= 1 and doc.height >= 1


def test_sheet_slicing_with_margin_and_spacing() -> None:
    sheet = np.zeros((2 * 2 + 3 * 4 + 2 * 1, 2 * 2 + 2 * 5 + 1, 4), np.uint8)
    for r in range(3):
        for c in range(2):
            y, x = 2 + r * 5, 2 + c * 6
            sheet[y:y + 4, x:x + 5] = (r * 2 + c + 1, 0, 0, 255)
    cells = slice_sheet(sheet, 5, 4, margin=2, spacing=1)
    assert len(cells) == 6 and all(c.shape == (4, 5, 4) for c in cells)
    assert [int(c[0, 0, 0]) for c in cells] == [1, 2, 3, 4, 5, 6]
    doc = document_from_sheet(sheet, 5, 4, margin=2, spacing=1, duration_ms=70, columns=2, rows=2)
    assert len(doc.frames) == 4 and doc.frames[3].duration_ms == 70
    with pytest.raises(ValueError, match="does not fit"):
        slice_sheet(sheet, 5, 4, margin=2, spacing=1, columns=3)


def test_sheet_skip_empty_cells() -> None:
    sheet = np.zeros((4, 8, 4), np.uint8)
    sheet[:, :4] = 255
    assert len(slice_sheet(sheet, 4, 4, skip_empty=True)) == 1
    with pytest.raises(ValueError, match="empty"):
        slice_sheet(np.zeros((4, 4, 4), np.uint8), 4, 4, skip_empty=True)


def test_clipboard_png_bytes_and_arrays() -> None:
    img = random_rgba(3, 4)
    np.testing.assert_array_equal(image_from_clipboard(encode_png(img)), img)
    rgb = img[..., :3].copy()
    out = image_from_clipboard(rgb)
    assert out.shape == (3, 4, 4) and (out[..., 3] == 255).all()
    doc = document_from_clipboard(memoryview(encode_png(img)))
    np.testing.assert_array_equal(doc.frames[0].layers[0].pixels, img)
    with pytest.raises(FileFormatError, match="clipboard"):
        image_from_clipboard(b"GIF89a nope")
    with pytest.raises(FileFormatError, match="uint8"):
        image_from_clipboard(np.zeros((3, 3), np.float32))


def test_pillow_bomb_warning_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)  # a 4x4 image now triggers the warning
    with pytest.raises(FileFormatError, match="too large"):
        open_image_bytes(encode_png(random_rgba(4, 4)))


def test_disallowed_format_is_refused() -> None:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, format="BMP")
    with pytest.raises(FileFormatError, match="not a supported image"):
        open_image_bytes(buf.getvalue())


def test_gif_transparency_and_disposal_give_whole_frames() -> None:
    import io

    from PIL import Image

    pil = []
    for i in range(3):
        a = np.zeros((4, 4, 4), np.uint8)
        a[i, i] = (255, 0, 0, 255)
        a[3, 3] = (0, 255, 0, 255)
        pil.append(Image.fromarray(a))
    buf = io.BytesIO()
    pil[0].save(buf, format="GIF", save_all=True, append_images=pil[1:], duration=[50, 60, 70],
                disposal=2, loop=0)
    doc = open_image_bytes(buf.getvalue())
    for i, frame in enumerate(doc.frames):
        opaque = {(int(x), int(y)) for y, x in zip(*np.nonzero(frame.layers[0].pixels[..., 3]),
                                                   strict=True)}
        assert opaque == {(i, i), (3, 3)} and frame.duration_ms == 50 + 10 * i
        assert tuple(frame.layers[0].pixels[i, i]) == (255, 0, 0, 255)
