"""What the canvas paints: pixel placement, checkerboard, grid, tiles, overlays, dirty rects."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor

from studio.core.document.document import Document
from studio.core.document.geometry import Rect
from studio.ui.canvas import CanvasWidget
from studio.ui.canvas.frame_display import DARK, LIGHT
from tests.ui.conftest import drag, send_wheel


@pytest.fixture
def canvas(qtbot):
    widget = CanvasWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    doc = Document.new(16, 12)
    widget.set_document(doc)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shot(canvas: CanvasWidget):
    return canvas.grab().toImage()


def rgb(image, x: float, y: float) -> tuple[int, int, int]:
    c = QColor(image.pixel(int(x), int(y)))
    return c.red(), c.green(), c.blue()


def paint_pixel(canvas: CanvasWidget, x: int, y: int, color) -> None:
    doc = canvas.document
    doc.set_pixels(0, 0, Rect(x, y, 1, 1), np.array([[color]], dtype=np.uint8))


def test_pixels_land_on_their_screen_blocks(canvas) -> None:
    canvas.set_view(8, 10, 20)
    paint_pixel(canvas, 3, 2, (255, 0, 0, 255))
    img = shot(canvas)
    # pixel (3, 2) covers screen x 34..41, y 36..43 (grid line on its first row/column)
    assert rgb(img, 34 + 4, 36 + 4) == (255, 0, 0)
    assert rgb(img, 41, 43) == (255, 0, 0)
    assert rgb(img, 42 + 3, 36 + 4) != (255, 0, 0)
    bg = canvas.renderer.background
    assert rgb(img, 5, 5) == (bg.red(), bg.green(), bg.blue())  # outside the image


def test_checkerboard_behind_transparency_and_half_alpha(canvas) -> None:
    canvas.set_view(1, 0, 0)
    img = shot(canvas)
    assert rgb(img, 0, 0) == (LIGHT,) * 3
    assert rgb(img, 8, 0) == (DARK,) * 3
    paint_pixel(canvas, 0, 0, (255, 255, 255, 128))
    img = shot(canvas)
    expected = (255 * 128 + LIGHT * 127 + 127) // 255
    assert rgb(img, 0, 0) == (expected,) * 3


def test_grid_only_above_4x_and_toggle(canvas) -> None:
    paint_pixel(canvas, 1, 1, (255, 0, 0, 255))
    grid = canvas.renderer.grid_color
    grid_rgb = (grid.red(), grid.green(), grid.blue())
    canvas.set_view(8, 0, 0)
    assert rgb(shot(canvas), 8, 12) == grid_rgb  # left edge of pixel (1, 1)
    canvas.set_grid_visible(False)
    assert rgb(shot(canvas), 8, 12) == (255, 0, 0)
    canvas.set_grid_visible(True)
    canvas.set_view(3, 0, 0)
    assert rgb(shot(canvas), 3, 4) == (255, 0, 0)  # no grid at 3x


def test_tiled_preview_repeats_the_image(canvas) -> None:
    paint_pixel(canvas, 0, 0, (0, 255, 0, 255))
    canvas.set_view(2, 100, 100)
    canvas.set_grid_visible(False)
    assert rgb(shot(canvas), 100 + 32, 100) != (0, 255, 0)
    canvas.set_tiled(True)
    img = shot(canvas)
    for tx, ty in ((-1, -1), (0, 0), (1, 0), (0, 1), (1, 1)):
        assert rgb(img, 100 + tx * 32, 100 + ty * 24) == (0, 255, 0)


def test_mask_tint_overlay_tints_masked_pixels(canvas) -> None:
    canvas.set_view(4, 0, 0)
    canvas.set_grid_visible(False)
    before = rgb(shot(canvas), 9, 9)
    mask = np.zeros((12, 16), dtype=np.uint8)
    mask[2, 2] = 255
    canvas.document.set_mask(0, mask)
    img = shot(canvas)
    tinted = rgb(img, 9, 9)
    assert tinted != before and tinted[0] > tinted[1]  # reddish
    assert rgb(img, 13, 9) != tinted  # unmasked neighbour untouched


def test_onion_skin_shows_neighbour_frames(canvas) -> None:
    doc = canvas.document
    paint_pixel(canvas, 5, 5, (0, 0, 0, 255))
    doc.add_frame()
    doc.current_frame = 1
    canvas.set_view(4, 0, 0)
    canvas.set_grid_visible(False)
    plain = rgb(shot(canvas), 22, 22)
    canvas.set_onion_skin(True)
    onion = rgb(shot(canvas), 22, 22)
    assert onion != plain and onion[0] > onion[2]  # previous frame tinted red


def test_dirty_change_repaints_only_its_rectangle(canvas, qtbot, monkeypatch) -> None:
    canvas.set_view(8, 0, 0)
    qtbot.wait(20)
    exposed: list[QRect] = []
    original = canvas.renderer.paint

    def spy(painter, rect, *args):
        exposed.append(QRect(rect))
        original(painter, rect, *args)

    monkeypatch.setattr(canvas.renderer, "paint", spy)
    paint_pixel(canvas, 4, 4, (255, 0, 0, 255))
    qtbot.waitUntil(lambda: bool(exposed))
    united = exposed[0]
    for r in exposed[1:]:
        united = united.united(r)
    assert united.width() <= 8 + 4 and united.height() <= 8 + 4
    assert united.contains(QRect(32, 32, 8, 8))


def test_wheel_zoom_keeps_pixel_under_cursor(canvas) -> None:
    canvas.set_view(1, 37, 21)
    pos = (42.3, 28.9)  # pixel (5, 7), near its lower edge
    before = canvas.viewport.pixel_at(*pos)
    for _ in range(6):  # 1 -> 2 -> 3 -> 4 -> 5 -> 6 -> 8
        send_wheel(canvas, pos, 120)
        assert canvas.viewport.pixel_at(*pos) == before
    assert canvas.viewport.zoom == 8
    send_wheel(canvas, pos, -240)
    assert canvas.viewport.zoom == 5 and canvas.viewport.pixel_at(*pos) == before
    # and the pixel really is there on screen: draw at the cursor, it lands on that pixel
    drag(canvas, [pos])
    assert canvas.document.frames[0].layers[0].pixels[before[1], before[0], 3] == 255


def test_shift_wheel_pans(canvas) -> None:
    canvas.set_view(4, 0, 0)
    send_wheel(canvas, (50, 50), 120, modifiers=Qt.KeyboardModifier.ShiftModifier)
    assert canvas.viewport.ox == 48 and canvas.viewport.zoom == 4


def test_fit_and_actual_size(canvas) -> None:
    canvas.zoom_fit()
    assert canvas.viewport.zoom == 16  # 16x12 in 400x300 with margins
    canvas.zoom_actual()
    assert canvas.viewport.zoom == 1
    assert canvas.viewport.to_screen(8, 6) == (200, 150)


def test_grid_paths_paint_the_same(canvas, monkeypatch) -> None:
    """Widened display blit, cached raster and rectangles are three ways to the same picture."""
    import studio.ui.canvas.frame_display as display_module
    import studio.ui.canvas.renderer as renderer_module

    paint_pixel(canvas, 2, 2, (255, 0, 0, 255))
    canvas.set_view(4, 3, 5)
    widened = shot(canvas)
    assert canvas.display()._expanded is not None
    monkeypatch.setattr(display_module, "EXPANDED_MAX_BYTES", 0)
    monkeypatch.setattr(renderer_module, "FEW_GRID_LINES", 10_000)
    with_rects = shot(canvas)
    monkeypatch.setattr(renderer_module, "FEW_GRID_LINES", 0)
    with_raster = shot(canvas)
    assert widened == with_rects == with_raster
    grid = canvas.renderer.grid_color
    assert rgb(with_raster, 3 + 8, 5 + 9) == (grid.red(), grid.green(), grid.blue())
    assert rgb(with_raster, 3 + 9, 5 + 9) == (255, 0, 0)


def test_widened_display_follows_dirty_changes(canvas) -> None:
    canvas.set_view(8, 0, 0)
    shot(canvas)
    paint_pixel(canvas, 5, 1, (0, 0, 255, 255))
    img = shot(canvas)
    assert rgb(img, 5 * 8 + 4, 8 + 4) == (0, 0, 255)
    grid = canvas.renderer.grid_color
    assert rgb(img, 5 * 8, 8 + 4) == (grid.red(), grid.green(), grid.blue())


def test_fitted_view_follows_resizes_until_the_user_zooms(canvas, qtbot) -> None:
    canvas.zoom_fit()
    canvas.resize(200, 150)
    qtbot.waitUntil(lambda: canvas.viewport.zoom == 8)  # 16x12 in 200x150 with margins
    canvas.zoom_step(1)
    canvas.resize(400, 300)
    qtbot.wait(20)
    assert canvas.viewport.zoom == 12


@pytest.mark.parametrize("zoom, ox, oy, tiled", [
    (1, 40.0, 30.0, False), (0.5, 13.25, 7.75, False), (3, -5.5, 20.4, False),
    (8, 100.0, -20.0, False), (2, 150.0, 120.0, True), (0.25, 10.6, 3.3, True)])
def test_every_exposed_pixel_is_painted(canvas, zoom, ox, oy, tiled) -> None:
    """Only the bands around the image get the background fill: no exposed pixel may keep
    what was there before (fractional offsets, partial exposes, tiled preview). (Qt clips a
    widget's painting to the exposed region, so strokes past its edge do not matter.)"""
    from PySide6.QtGui import QImage, QPainter

    renderer = canvas.renderer
    canvas.set_view(zoom, ox, oy)
    renderer.tiled = tiled
    magenta = QColor(255, 0, 255)
    for exposed in (QRect(0, 0, 400, 300), QRect(30, 25, 97, 61), QRect(0, 0, 41, 300)):
        target = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
        target.fill(magenta)
        painter = QPainter(target)
        renderer.paint(painter, exposed, canvas.display())
        painter.end()
        arr = np.frombuffer(target.constBits(), np.uint32).reshape(300, 400)
        inside = arr[exposed.top():exposed.bottom() + 1, exposed.left():exposed.right() + 1]
        assert not (inside == magenta.rgba()).any()
