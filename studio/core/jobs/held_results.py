"""Results that were paid for but could not be written to disk (a full disk, a read-only
folder): they stay in memory with their job, under negative ids, so every panel loads and
shows them like stored ones. :meth:`HeldResults.store_held` writes one again (nothing is
sent), :meth:`HeldResults.save_held_as` copies them to another folder. They are lost when the
studio quits, which is why quitting asks first while any are held.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PIL import Image

from studio.core.fileio.atomic import atomic_write_bytes
from studio.core.jobs.library_store import png_bytes, to_pil


class HeldResults:
    """Mixed into :class:`studio.core.jobs.library.ResultsLibrary`."""

    _held: dict[int, tuple[Any, Image.Image]]

    def _init_held(self) -> None:
        self._held = {}
        self._next_held_id = -1

    def hold_result(self, job_id: str, image: Any, *, variant_index: int, label: str = "",
                    cost_usd: float = 0.0, cost_generations: float = 0.0,
                    expected: tuple[float | None, float | None] = (None, None),
                    endpoint: str = "", description: str = "", free: bool = False) -> Any:
        """Keep an image that could not be stored; returns its record (negative id)."""
        pil = to_pil(image)
        rid, self._next_held_id = self._next_held_id, self._next_held_id - 1
        path = self.folder / "images" / f"{job_id}-{variant_index}.png"  # type: ignore[attr-defined]
        record = self._new_record(  # type: ignore[attr-defined]
            rid, job_id, endpoint, description, cost_usd, cost_generations, time.time(), path,
            pil.width, pil.height, variant_index, label, *expected, free)
        self._held[rid] = (record, pil)
        return record

    def held_results(self, job_id: str | None = None) -> list[Any]:
        """Records of the results held in memory (of one job, or all)."""
        return [r for r, _ in self._held.values() if job_id is None or r.job_id == job_id]

    def is_held(self, result_id: int) -> bool:
        return result_id in self._held

    def held_image(self, result_id: int) -> Image.Image:
        return self._held[result_id][1].copy()

    def store_held(self, result_id: int) -> Any:
        """Write a held result to the library (raises LibraryWriteError if it still cannot);
        returns the stored record, and the result is no longer held."""
        record, image = self._held[result_id]
        stored = self.store_result(  # type: ignore[attr-defined]
            record.job_id, image, variant_index=record.variant_index, label=record.label,
            cost_usd=record.cost_usd, cost_generations=record.cost_generations,
            expected=(record.expected_usd, record.expected_generations), free=record.free)
        del self._held[result_id]
        return stored

    def save_held_as(self, job_id: str, folder: Path | str) -> list[Path]:
        """Write the job's held images as PNGs into ``folder`` (they stay held)."""
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for record in self.held_results(job_id):
            name = f"{job_id[:8]}-{record.variant_index}.png"
            atomic_write_bytes(target / name, png_bytes(self._held[record.id][1]))
            written.append(target / name)
        return written
