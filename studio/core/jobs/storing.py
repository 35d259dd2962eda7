"""Writing a finished job's images into the library, off the event loop's thread.

Encoding a PNG, writing it with fsync and inserting its row takes tens of milliseconds (a
tileset is 16+ images), so the job book (``JobBook.store_part``) runs :func:`plan_images`
and each :func:`store_one` in a worker thread and announces each stored record afterwards, on
its own thread (still: stored before shown). Everything here is plain data and the
thread-safe library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from studio.core.jobs.library import LibraryError, ResultRecord, ResultsLibrary

STORE_ERRORS = (LibraryError, OSError, ValueError, TypeError)


@dataclass
class StorePlan:
    """Which images still need storing (``(variant index, label, image)``) and the result ids
    the job already has in the library; ``per`` is the number of images sharing the cost."""

    earlier_ids: list[int] = field(default_factory=list)
    items: list[tuple[int, str, Any]] = field(default_factory=list)
    per: int = 1


def share(expected: tuple[float | None, float | None], per: int
          ) -> tuple[float | None, float | None]:
    """Each stored image's part of the expected cost (unknown stays unknown)."""
    return tuple(None if v is None else v / per for v in expected)  # type: ignore[return-value]


def plan_images(library: ResultsLibrary, job: Any, images: list[Any],
                per: int | None = None) -> StorePlan:
    """Images (or ``(label, image)`` pairs) to store for ``job``. Labelled images already
    stored for the job (a panel stored them before the studio closed) are not stored twice."""
    stored = library.results_for_job(job.id)
    have = {r.label for r in stored if r.label}
    first = max((r.variant_index for r in stored), default=-1) + 1
    plan = StorePlan(earlier_ids=[r.id for r in stored], per=per or len(images) or 1)
    for offset, item in enumerate(images):
        label, image = item if isinstance(item, tuple) else ("", item)
        if not (label and label in have):
            plan.items.append((first + offset, label, image))
    return plan


def store_one(library: ResultsLibrary, job: Any, index: int, label: str, image: Any,
              per: int) -> ResultRecord:
    """Store one image of ``job`` with its share of the billed and expected cost."""
    return library.store_result(job.id, image, **share_of(job, index, label, per))


def share_of(job: Any, index: int, label: str, per: int) -> dict[str, Any]:
    """The stored fields of one image: its index, label and share of the job's cost."""
    return dict(variant_index=index, cost_usd=job.cost_usd / per,
                cost_generations=job.cost_generations / per, label=label,
                expected=share((job.expected_usd, job.expected_generations), per),
                free=bool(getattr(job, "free", False)))
