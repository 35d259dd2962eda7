"""GIF and APNG export: frame count, per-frame durations, integer nearest scaling, alpha."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from studio.core.exporters.animation import apng_bytes, gif_bytes, save_apng, save_gif
from studio.core.exporters.sheet import ExportError


def frames() -> list[np.ndarray]:
    out = []
    for i in range(3):
        f = np.zeros((4, 5, 4), np.uint8)
        f[1, 1] = (255, 0, 0, 255)
        f[2, 2 + i % 2] = (0, 80 * i, 255, 255)
        f[0, i] = (10, 200, 10, 255)
        out.append(f)
    return out


def read_all(data: bytes):
    img = Image.open(io.BytesIO(data))
    out = []
    for k in range(img.n_frames):
        img.seek(k)
        out.append((np.array(img.convert("RGBA")), img.info.get("duration")))
    return img, out


@pytest.mark.parametrize("scale", [1, 3])
def test_apng_exact(scale):
    src = frames()
    img, got = read_all(apng_bytes(src, [100, 250, 40], scale))
    assert img.format == "PNG" and img.size == (5 * scale, 4 * scale)
    assert [int(d) for _, d in got] == [100, 250, 40]
    for (rgba, _), f in zip(got, src, strict=True):
        assert np.array_equal(rgba[::scale, ::scale], f)
        assert np.array_equal(rgba, np.repeat(np.repeat(f, scale, 0), scale, 1))


@pytest.mark.parametrize("scale", [1, 2, 4])
def test_gif_frames_durations_and_transparency(scale):
    src = frames()
    img, got = read_all(gif_bytes(src, [100, 200, 150], scale))
    assert img.format == "GIF" and img.size == (5 * scale, 4 * scale)
    assert [d for _, d in got] == [100, 200, 150]
    for (rgba, _), f in zip(got, src, strict=True):
        small = rgba[::scale, ::scale]
        opaque = f[..., 3] == 255
        assert np.array_equal(small[opaque], f[opaque])
        assert (small[~opaque][:, 3] == 0).all()


def test_save_files_and_errors(tmp_path):
    save_gif(tmp_path / "a.gif", frames(), [100] * 3, 2)
    save_apng(tmp_path / "a.png", frames(), [100] * 3, 2)
    assert Image.open(tmp_path / "a.gif").n_frames == 3
    assert Image.open(tmp_path / "a.png").n_frames == 3
    with pytest.raises(ExportError, match="scale"):
        gif_bytes(frames(), [100] * 3, 0)
    with pytest.raises(ExportError, match="durations"):
        apng_bytes(frames(), [100], 1)
    with pytest.raises(ExportError, match="no frames"):
        apng_bytes([], [], 1)


def _sprite(colours: np.ndarray, seed: int, size: int = 64) -> np.ndarray:
    rng = np.random.default_rng(seed)
    f = np.zeros((size, size, 4), np.uint8)
    f[..., :3] = colours[rng.integers(0, len(colours), (size, size))]
    f[..., 3] = np.where(rng.random((size, size)) < 0.2, 0, 255)
    return f


def test_gif_keeps_close_colours_exactly():
    f = np.zeros((2, 2, 4), np.uint8)
    f[0, 0] = (0x04, 0x61, 0xDC, 255)
    f[1, 1] = (0x0B, 0x6A, 0xC4, 255)
    _, got = read_all(gif_bytes([f, f[::-1].copy()], [100, 100]))
    assert np.array_equal(got[0][0][f[..., 3] == 255], f[f[..., 3] == 255])
    assert np.array_equal(got[1][0], np.where(f[::-1, ..., 3:] == 255, f[::-1], 0))


@pytest.mark.parametrize("scale", [1, 2])
def test_gif_exact_with_up_to_255_colours_across_frames(scale):
    rng = np.random.default_rng(7)
    palette = rng.integers(0, 256, (255, 3), dtype=np.uint8)
    src = [_sprite(palette[k * 48:(k + 1) * 48 + 20], k) for k in range(5)]
    from studio.core.exporters.gif import gif_colour_note, opaque_colours
    assert len(opaque_colours(src)) > 200 and gif_colour_note(src) is None
    _, got = read_all(gif_bytes(src, [100] * 5, scale))
    for (rgba, _), f in zip(got, src, strict=True):
        small = rgba[::scale, ::scale]
        opaque = f[..., 3] == 255
        assert np.array_equal(small[opaque], f[opaque])
        assert (small[~opaque][:, 3] == 0).all()


def test_gif_over_255_colours_says_so_and_quantises_well():
    from studio.core.exporters.gif import gif_colour_note
    ramp = np.zeros((20, 30, 4), np.uint8)  # 600 distinct colours along smooth ramps
    ys, xs = np.mgrid[0:20, 0:30]
    ramp[..., 0] = xs * 8
    ramp[..., 1] = ys * 12
    ramp[..., 2] = 128
    ramp[..., 3] = 255
    src = [ramp, ramp[:, ::-1].copy()]
    note = gif_colour_note(src)
    assert note and "600 colours" in note and "APNG" in note
    _, got = read_all(gif_bytes(src, [100, 100]))
    for (rgba, _), f in zip(got, src, strict=True):
        err = np.abs(rgba[..., :3].astype(int) - f[..., :3].astype(int))
        assert err.max() <= 12 and err.mean() < 3


def test_gif_keeps_held_frames_and_their_durations():
    a, b, c = (np.full((3, 3, 4), (v, 10, 20, 255), np.uint8) for v in (10, 120, 240))
    _, got = read_all(gif_bytes([a, b, b, c], [100, 150, 80, 120]))
    assert [d for _, d in got] == [100, 150, 80, 120]
    for (rgba, _), f in zip(got, [a, b, b, c], strict=True):
        assert np.array_equal(rgba, f)
