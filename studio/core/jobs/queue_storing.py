"""How the JobQueue keeps what it was paid for when the disk refuses to write.

* A request whose journal row cannot be written is not sent (:meth:`StoringMixin._refused`).
* Journal updates after sending never stop a job: a refused update is reported once through
  ``storage_problem`` and the job carries on in memory (costs are still counted for the
  session and written wherever the journal can be written).
* Images that cannot be stored stay in memory with their job ("done, not stored", see
  :mod:`studio.core.jobs.held_results`); :meth:`StoringMixin.store_again` writes them again
  without sending anything, :meth:`StoringMixin.save_held_as` copies them elsewhere.
* An answer that was billed but cannot be used says that it was billed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio.core.faults import fault_point
from studio.core.jobs.library import LibraryError, LibraryWriteError, ResultsLibrary
from studio.core.jobs.model import Job, JobState

NOT_STORED = ("The results are shown but not stored: {problem} Use Store again in the Jobs "
              "panel (nothing is sent), or Save images as… to keep them elsewhere.")


def billed_but_unusable(job: Job, reason: str) -> str:
    """The message of an answer that cost money but could not be used."""
    cost = f"${job.cost_usd:.4f}" if job.cost_usd else f"{job.cost_generations:g} generations"
    return (f"The service billed this request ({cost}) but its answer could not be used: "
            f"{reason}. Nothing was stored; sending it again is a new paid request.")


class StoringMixin:
    """Mixed into :class:`studio.core.jobs.queue.JobQueue` (uses its signals and helpers)."""

    library: ResultsLibrary
    jobs: dict[str, Job]

    def _init_storing(self) -> None:
        self._reported_problems: set[str] = set()

    def _report_storage(self, problem: str) -> None:
        """Tell the listeners about a refused write once per distinct sentence."""
        if problem not in self._reported_problems:
            self._reported_problems.add(problem)
            self.storage_problem.emit(problem)  # type: ignore[attr-defined]

    def _journal(self, job: Job, **fields: Any) -> None:
        """Update the job's journal row; a refused write is reported, never raised."""
        try:
            self.library.update_request(job.id, **fields)
        except LibraryWriteError as exc:
            self._report_storage(str(exc))

    def _refused(self, job: Job, problem: str) -> Job:
        """A job that was not sent because its journal row could not be written."""
        job.state = JobState.FAILED
        job.error = (f"Not sent, nothing was billed: the request could not be written to the "
                     f"journal first. {problem}")
        self.jobs[job.id] = job
        self._report_storage(problem)
        return job

    def _store_images(self, job: Job, images: list[Any]) -> None:
        """Store images (or ``(label, image)`` pairs) before anyone is told about them; those
        the disk refuses are held in memory and shown all the same. Labelled images already
        stored for the job (a panel stored them before the studio closed) are not stored
        twice."""
        per = len(images) or 1
        stored = self.library.results_for_job(job.id)
        have = {r.label for r in stored if r.label}
        first = max((r.variant_index for r in stored), default=-1) + 1
        job.result_ids.extend(r.id for r in stored if r.id not in job.result_ids)
        problem = None
        for offset, item in enumerate(images):
            label, image = item if isinstance(item, tuple) else ("", item)
            if label and label in have:
                continue
            share = dict(variant_index=first + offset, label=label, cost_usd=job.cost_usd / per,
                         cost_generations=job.cost_generations / per,
                         expected=_share((job.expected_usd, job.expected_generations), per))
            try:
                if problem is not None:
                    raise LibraryWriteError(problem)
                record = self.library.store_result(job.id, image, **share)
            except LibraryWriteError as exc:
                problem = str(exc)
                record = self.library.hold_result(job.id, image, endpoint=job.endpoint,
                                                  description=job.description, **share)
            except (LibraryError, OSError, ValueError, TypeError) as exc:
                self._finish_unusable(job, f"result {first + offset} is not a usable image "
                                           f"({exc})")
                return
            job.result_ids.append(record.id)
            self.result_stored.emit(job, record)  # type: ignore[attr-defined]
        job.progress = 1.0
        fault_point("job-stored")
        if problem is not None:
            self._report_storage(problem)
            job.not_stored = True
        self._finish(job, JobState.DONE,  # type: ignore[attr-defined]
                     NOT_STORED.format(problem=problem) if problem else None)

    def _finish_unusable(self, job: Job, reason: str) -> None:
        billed = job.cost_usd > 0 or job.cost_generations > 0
        self._finish(job, JobState.FAILED,  # type: ignore[attr-defined]
                     billed_but_unusable(job, reason) if billed else reason)

    def store_again(self, job_id: str) -> int:
        """Write the job's held results to the library again (nothing is sent); returns how
        many are still not stored. Raises LibraryWriteError with a sentence if the disk
        still refuses."""
        job = self.jobs[job_id]
        for record in self.library.held_results(job_id):
            stored = self.library.store_held(record.id)
            job.result_ids = [stored.id if rid == record.id else rid for rid in job.result_ids]
        left = len(self.library.held_results(job_id))
        if not left:
            job.not_stored = False
            job.error = None
            self._journal(job, state=JobState.DONE.value, error="", cost_usd=job.cost_usd,
                          cost_generations=job.cost_generations)
        self.job_changed.emit(job)  # type: ignore[attr-defined]
        return left

    def save_held_as(self, job_id: str, folder: Path | str) -> list[Path]:
        """Copy the job's results that are not stored into ``folder`` as PNG files."""
        return self.library.save_held_as(job_id, folder)

    def jobs_not_stored(self) -> list[Job]:
        """Jobs whose results are only in memory (quitting would lose them)."""
        return [j for j in self.jobs.values() if self.library.held_results(j.id)]


def _share(expected: tuple[float | None, float | None], per: int
           ) -> tuple[float | None, float | None]:
    """Each stored image's part of the expected cost (unknown stays unknown)."""
    return tuple(None if v is None else v / per for v in expected)  # type: ignore[return-value]
