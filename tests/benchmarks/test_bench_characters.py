"""Characters panel: filling the compass with playing previews, reading a page of characters,
and importing a full character ZIP (safe extraction + decoding)."""

from __future__ import annotations

import io
import os
import zipfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from studio.core.characters.payloads import character_info  # noqa: E402
from studio.core.characters.zip_import import import_character_zip  # noqa: E402
from studio.ui.characters.compass import ALL_DIRECTIONS, CompassWidget  # noqa: E402


def _png(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(pixels, "RGBA").save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def frames() -> list[np.ndarray]:
    rng = np.random.default_rng(1)
    return [rng.integers(0, 255, (128, 128, 4), dtype=np.uint8) for _ in range(8)]


def test_bench_compass_eight_directions_of_eight_frames(benchmark, qapp, frames):
    """8 directions x 8 frames of 128x128 scaled into 64 px cells (what a preview costs)."""
    compass = CompassWidget(thumb=64)

    def fill() -> None:
        for direction in ALL_DIRECTIONS:
            compass.set_frames(direction, frames)

    benchmark(fill)
    assert compass.filled() == list(ALL_DIRECTIONS)
    compass.deleteLater()


def test_bench_parse_a_page_of_100_characters(benchmark):
    raw = [{"id": f"c{i}", "name": f"hero {i}", "prompt": "a knight", "size": {"width": 64,
            "height": 64}, "directions": 8, "status": "completed",
            "rotation_urls": {d: f"https://f/{i}/{d}.png" for d in ALL_DIRECTIONS},
            "animations": [{"display_name": f"a{j}", "animation_type": "walk",
                            "directions": [{"direction": d, "frames": [
                                f"https://f/{i}/{j}/{d}/{k}.png" for k in range(8)]}
                                for d in ALL_DIRECTIONS]} for j in range(3)],
            "animation_count": 3} for i in range(100)]
    infos = benchmark(lambda: [character_info(c) for c in raw])
    assert len(infos) == 100 and len(infos[0].animations[2].frames["east"]) == 8


def test_bench_import_full_character_zip(benchmark, tmp_path, frames):
    """8 rotations + 3 animations x 8 directions x 8 frames (200 PNGs of 128x128)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for d in ALL_DIRECTIONS:
            archive.writestr(f"hero/rotations/{d}.png", _png(frames[0]))
            for a in range(3):
                for k, frame in enumerate(frames):
                    archive.writestr(f"hero/animations/a{a}/{d}/frame_{k:03d}.png", _png(frame))
    data = buf.getvalue()
    counter = iter(range(10_000))

    def once():
        return import_character_zip(data, tmp_path / f"import-{next(counter)}")

    result = benchmark.pedantic(once, rounds=5, iterations=1)
    assert len(result.rotations) == 8 and len(result.animations["a2"]["west"]) == 8
