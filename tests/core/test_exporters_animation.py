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
