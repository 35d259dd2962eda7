"""Clean-up through PixelLab (paid): one request per frame through the JobQueue, results read
back from the library once stored (journal before send, store before show)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, Signal

from studio.api.requests_edit import (
    ImageToPixelartRequest,
    RemoveBackgroundRequest,
    ResizeRequest,
)
from studio.core.jobs.error_text import describe_error
from studio.core.jobs.model import JobState


@dataclass
class ServiceAccess:
    """What the clean-up dialogs need of the backend (set once it is ready)."""

    queue: Any
    library: Any


def build_request(op: str, rgba: np.ndarray, output: tuple[int, int] | None,
                  description: str = "") -> Any:
    """The service request doing ``op`` to one frame; ``ValueError`` says why it cannot."""
    image = Image.fromarray(np.ascontiguousarray(rgba), "RGBA")
    size = image.size
    if op == "remove_background":
        if max(size) > 400:
            raise ValueError("PixelLab removes backgrounds of images up to 400x400 pixels; "
                             "use the local tool for this sprite.")
        return RemoveBackgroundRequest(image=image, image_size=size)
    if op == "unzoom":
        if output is None or min(output) < 16 or max(output) > 320 or max(size) > 1280:
            raise ValueError("PixelLab's image-to-pixel-art needs an output of 16 to 320 pixels "
                             "per side from an image of at most 1280; use the local tool.")
        return ImageToPixelartRequest(image=image, image_size=size, output_size=output)
    if op == "resize":
        return _resize_request(image, output, description)
    raise ValueError(f"PixelLab has no {op} tool")


def _resize_request(image: Image.Image, output: tuple[int, int] | None,
                    description: str) -> ResizeRequest:
    if not description.strip():
        raise ValueError("PixelLab's resize needs a description of the sprite; type one in.")
    size = image.size
    if output is None or not all(16 <= v <= 200 for v in (*size, *output)):
        raise ValueError("PixelLab resizes sprites of 16 to 200 pixels per side; use the "
                         "local tool for this size.")
    if not all(a / 2 <= b <= a * 2 for a, b in zip(size, output, strict=True)):
        raise ValueError("PixelLab can at most double or halve each side in one step; choose "
                         "a size closer to the current one.")
    return ResizeRequest(description=description.strip(), reference_image=image,
                         reference_image_size=size, target_size=output)


class ServiceRun(QObject):
    """Jobs for a list of frames; ``finished`` carries the images in frame order, ``failed`` a
    sentence for the user."""

    finished = Signal(list)
    failed = Signal(str)

    def __init__(self, service: ServiceAccess, requests: list[Any],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.images: dict[str, np.ndarray] = {}
        self.queue = service.queue
        self.queue.result_stored.connect(self._on_result)
        self.queue.job_changed.connect(self._on_job)
        self.jobs = [self.queue.submit(r) for r in requests]
        self.order = [job.id for job in self.jobs]

    def _on_result(self, job: Any, record: Any) -> None:
        if job.id not in self.order or job.id in self.images:
            return
        image = self.service.library.load_image(record.id).convert("RGBA")
        self.images[job.id] = np.asarray(image, dtype=np.uint8).copy()
        if len(self.images) == len(self.order):
            self._stop()
            self.finished.emit([self.images[i] for i in self.order])

    def _on_job(self, job: Any) -> None:
        if job.id in self.order and job.state in (JobState.FAILED, JobState.OUTCOME_UNKNOWN):
            self._stop()
            view = describe_error(job.exception, job.error or "")
            self.failed.emit(f"{view.message.rstrip('.')}. Nothing was changed; try again or "
                             "use the local tool.")

    def _stop(self) -> None:
        for signal, slot in ((self.queue.result_stored, self._on_result),
                             (self.queue.job_changed, self._on_job)):
            with contextlib.suppress(TypeError, ValueError, RuntimeError):
                signal.disconnect(slot)
