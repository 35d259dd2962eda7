"""Animate with text: windows of 4 frames chained into longer animations, and the 64x64
reference (scaled or cropped, with its note)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from studio.api.requests import AnimateWithTextRequest
from studio.core.workflows.animation_reference import make_reference
from studio.core.workflows.text_animation import TextAnimationChain, Window, plan_windows


def frame(value: int) -> np.ndarray:
    out = np.zeros((64, 64, 4), np.uint8)
    out[10:50, 20:40] = (value, value, value, 255)
    return out


def template() -> AnimateWithTextRequest:
    return AnimateWithTextRequest(image_size=(64, 64), description="knight", action="walk",
                                  reference_image=Image.fromarray(frame(1)), seed=3)


def test_windows_cover_the_animation_once():
    assert plan_windows(4) == [Window(0, 0, 4)]
    assert plan_windows(2) == [Window(0, 0, 2)]
    assert plan_windows(8) == [Window(0, 0, 4), Window(3, 1, 4), Window(4, 3, 4)]
    assert plan_windows(12, overlap=2) == [Window(0, 0, 4), Window(2, 2, 4), Window(4, 2, 4),
                                           Window(6, 2, 4), Window(8, 2, 4)]
    assert plan_windows(8, start_frame_index=4) == [Window(3, 1, 4), Window(4, 3, 4)]
    for n in range(1, 30):
        for overlap in (0, 1, 3):
            windows = plan_windows(n, overlap=overlap)
            new = [i for w in windows for i in w.new_frames]
            assert new == list(range(n))
            assert all(w.start + w.keep <= n and w.keep <= 4 for w in windows)
    with pytest.raises(ValueError):
        plan_windows(0)
    with pytest.raises(ValueError):
        plan_windows(8, start_frame_index=8)


def test_chain_sends_previous_frames_as_inpainting_images():
    chain = TextAnimationChain(template(), 8)
    first = chain.next_request()
    assert first.start_frame_index == 0 and first.n_frames == 8
    assert first.inpainting_images is None and first.mask_images is None
    assert chain.take([frame(10 + i) for i in range(4)]) == [0, 1, 2, 3]
    second = chain.next_request()
    assert second.start_frame_index == 3
    assert second.inpainting_images[0].to_pil().getpixel((30, 30)) == (13, 13, 13, 255)
    assert second.inpainting_images[1:] == [None, None, None]
    black = np.asarray(second.mask_images[0].to_pil().convert("L"))
    assert black.shape == (64, 64) and not black.any()
    assert second.mask_images[1:] == [None, None, None]
    assert chain.take([frame(0), frame(20), frame(21), frame(22)]) == [4, 5, 6]
    third = chain.next_request()
    assert third.start_frame_index == 4
    assert [img is not None for img in third.inpainting_images] == [True, True, True, False]
    chain.take([frame(0)] * 3 + [frame(30)])
    assert chain.is_done
    values = [int(f[30, 30, 0]) for f in chain.frames]
    assert values == [10, 11, 12, 13, 20, 21, 22, 30]
    with pytest.raises(RuntimeError):
        chain.next_request()


def test_chain_from_a_start_index_needs_the_earlier_frames():
    with pytest.raises(ValueError, match="needs the 4 frame"):
        TextAnimationChain(template(), 8, start_frame_index=4, existing=[frame(1)])
    chain = TextAnimationChain(template(), 8, start_frame_index=4,
                               existing=[frame(i) for i in range(6)],
                               init_frames=[None] * 5 + [frame(77)] + [None] * 2)
    req = chain.next_request()
    assert req.start_frame_index == 3 and req.inpainting_images[0] is not None
    assert [i is not None for i in req.init_images] == [False, False, True, False]
    chain.take([frame(0)] + [frame(40 + i) for i in range(3)])
    chain.take([frame(0)] * 3 + [frame(50)])
    assert [int(f[30, 30, 0]) for f in chain.new_frames] == [40, 41, 42, 50]
    with pytest.raises(ValueError, match="answered 2"):
        TextAnimationChain(template(), 4).take([frame(1), frame(2)])


def test_reference_scaled_cropped_or_as_is():
    same = make_reference(frame(5))
    assert same.note == "" and np.array_equal(same.pixels, frame(5))
    small = np.zeros((20, 30, 4), np.uint8)
    small[0, 0] = (255, 0, 0, 255)
    scaled = make_reference(small, "scale")
    assert scaled.pixels.shape == (64, 64, 4) and "scaled 2x" in scaled.note
    top = (64 - 40) // 2
    assert tuple(scaled.pixels[top, 2]) == (255, 0, 0, 255)  # 2x2 block, centred
    assert tuple(scaled.pixels[top + 1, 3]) == (255, 0, 0, 255)
    big = np.zeros((128, 200, 4), np.uint8)
    big[100:110, 150:160] = (0, 255, 0, 255)
    down = make_reference(big, "scale")
    assert "scaled down to 64x40" in down.note
    crop = make_reference(big, "crop")
    assert "(123, 64)" in crop.note and crop.pixels[..., 3].sum() == 100 * 255
    with pytest.raises(ValueError, match="unknown reference mode"):
        make_reference(big, "stretch")
