"""Clean-up through PixelLab: the dialog sends one request per frame through the JobQueue to the
offline engine (over loopback), shows the stored result, and applies it as one undo step."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton

from studio.api import PixelLabClient
from studio.core.document.document import Document
from studio.core.jobs.queue import JobQueue
from studio.ui.color.cleanup_dialog import CleanupDialog
from studio.ui.color.service_jobs import ServiceAccess
from tests.core.unzoom_cases import make_sprite, upscale
from tests.ui.generation_helpers import *  # noqa: F403 - fixtures (qloop)
from tests.ui.generation_helpers import run, wait_for


def _sprite_on_white() -> np.ndarray:
    img = np.zeros((24, 24, 4), np.uint8)
    img[...] = (250, 250, 250, 255)
    img[6:18, 8:16] = (40, 80, 200, 255)
    return img


def test_remove_background_by_pixellab_through_the_queue(qtbot, qloop, library, offline_url):
    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url, timeout=30) as client:
            queue = JobQueue(client, library)
            doc = Document.from_frames([(_sprite_on_white(), 100), (_sprite_on_white(), 100)])
            dialog = CleanupDialog(doc, 0, "remove_background", lambda: (0, 0, 0, 255),
                                   ServiceAccess(queue, library))
            qtbot.addWidget(dialog)
            dialog.show()
            backend = dialog.findChild(QComboBox, "cleanup.backend")
            backend.setCurrentIndex(backend.findData("service"))
            apply_button = dialog.findChild(QPushButton, "cleanup.apply")
            send = dialog.findChild(QPushButton, "cleanup.send")
            await wait_for(lambda: send.isVisible())
            assert not apply_button.isEnabled()  # nothing to apply before the result is back
            qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
            await wait_for(lambda: dialog.service_images is not None, timeout=20)
            assert len(queue.jobs) == 2  # one request per frame, journalled and stored
            assert library.count() == 2
            await wait_for(lambda: apply_button.isEnabled())
            qtbot.mouseClick(apply_button, Qt.MouseButton.LeftButton)
            for frame in doc.frames:
                alpha = frame.layers[0].pixels[..., 3]
                assert alpha[0, 0] == 0 and alpha[10, 10] == 255
            doc.history.undo()
            assert (doc.frames[1].layers[0].pixels[..., 3] == 255).all()
            await queue.shutdown()
    run(qloop, scenario)


def test_unzoom_by_pixellab_resizes_the_sprite(qtbot, qloop, library, offline_url):
    sprite = make_sprite(np.random.default_rng(5), 20, 18)
    big = upscale(sprite, 4.0, (0.0, 0.0), (0, 0))

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url, timeout=30) as client:
            queue = JobQueue(client, library)
            doc = Document.from_image(big)
            dialog = CleanupDialog(doc, 0, "unzoom", lambda: (0, 0, 0, 255),
                                   ServiceAccess(queue, library))
            qtbot.addWidget(dialog)
            dialog.show()
            backend = dialog.findChild(QComboBox, "cleanup.backend")
            backend.setCurrentIndex(backend.findData("service"))
            qtbot.mouseClick(dialog.findChild(QPushButton, "cleanup.send"),
                             Qt.MouseButton.LeftButton)
            await wait_for(lambda: dialog.service_images is not None, timeout=20)
            assert queue.jobs[next(iter(queue.jobs))].endpoint == "image_to_pixelart"
            qtbot.mouseClick(dialog.findChild(QPushButton, "cleanup.apply"),
                             Qt.MouseButton.LeftButton)
            assert (doc.width, doc.height) == (20, 18)
            assert np.array_equal(doc.frames[0].layers[0].pixels[..., 3] > 0,
                                  sprite[..., 3] > 0)
            doc.history.undo()
            assert (doc.width, doc.height) == (80, 72)
            await queue.shutdown()
    run(qloop, scenario)


def test_resize_by_pixellab_needs_a_description_then_redraws(qtbot, qloop, library,
                                                            offline_url):
    sprite = make_sprite(np.random.default_rng(9), 32, 32)

    async def scenario():
        async with PixelLabClient(token="offline", base_url=offline_url, timeout=30) as client:
            queue = JobQueue(client, library)
            doc = Document.from_image(sprite)
            dialog = CleanupDialog(doc, 0, "resize", lambda: (0, 0, 0, 255),
                                   ServiceAccess(queue, library))
            qtbot.addWidget(dialog)
            dialog.show()
            backend = dialog.findChild(QComboBox, "cleanup.backend")
            backend.setCurrentIndex(backend.findData("service"))
            dialog.options.width.setValue(48)
            dialog.options.height.setValue(40)
            send = dialog.findChild(QPushButton, "cleanup.send")
            qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
            assert "needs a description" in dialog.status.text() and not queue.jobs
            dialog.options.description.setText("a round slime")
            qtbot.mouseClick(send, Qt.MouseButton.LeftButton)
            await wait_for(lambda: dialog.service_images is not None, timeout=20)
            qtbot.mouseClick(dialog.findChild(QPushButton, "cleanup.apply"),
                             Qt.MouseButton.LeftButton)
            assert (doc.width, doc.height) == (48, 40)
            await queue.shutdown()
    run(qloop, scenario)
