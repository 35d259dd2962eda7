"""In-memory background jobs and generated resources, revealed only after ``job_seconds``.

Results are computed at submit time (they are deterministic and fast) but a job reports
``processing`` with a growing ``last_response.progress`` until its time is up, like the live
service, so clients exercise their polling and 423 handling.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .imaging import USAGE
from .persist import ResourceArchive, job_ids_in


@dataclass
class Job:
    id: str
    created: float
    ready_at: float
    result: dict[str, Any]
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    def is_ready(self, now: float) -> bool:
        return now >= self.ready_at

    def progress(self, now: float) -> float:
        span = self.ready_at - self.created
        return 1.0 if span <= 0 else min(1.0, max(0.0, (now - self.created) / span))


class JobStore:
    """Thread-safe registry of jobs and of the resources they produce."""

    def __init__(self, job_seconds: float = 2.0, data_dir: str | Path | None = None) -> None:
        self.job_seconds = max(0.0, float(job_seconds))
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self.resources: dict[str, dict[str, Any]] = {}
        self.archive = ResourceArchive(Path(data_dir)) if data_dir is not None else None
        if self.archive is not None:
            self._restore(self.archive.load_all())

    def _restore(self, resources: dict[str, Any]) -> None:
        """Resources of earlier runs, with their jobs finished long ago."""
        self.resources.update(resources)
        for record in resources.values():
            for job_id in job_ids_in(record):
                self._jobs[job_id] = Job(job_id, 0.0, 0.0, {})

    def submit(self, result: dict[str, Any]) -> Job:
        now = time.monotonic()
        job = Job(str(uuid.uuid4()), now, now + self.job_seconds, result)
        with self._lock:
            self._jobs[job.id] = job
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def is_ready(self, job_id: str) -> bool:
        job = self.get(job_id)
        return job is not None and job.is_ready(time.monotonic())

    def job_body(self, job_id: str) -> dict[str, Any] | None:
        """The GET /background-jobs/{id} body, or None if unknown."""
        job = self.get(job_id)
        if job is None:
            return None
        now = time.monotonic()
        if job.is_ready(now):
            status, last = "completed", {**job.result, "status": "completed", "progress": 1.0}
        else:
            status, last = "processing", {"status": "processing",
                                          "progress": round(job.progress(now), 3)}
        return {
            "id": job.id,
            "status": status,
            "created_at": job.created_at,
            "usage": dict(USAGE),
            "last_response": last,
        }

    def put(self, kind: str, resource_id: str, record: Any) -> None:
        """Add or update a resource (kept in the data folder, when there is one)."""
        key = f"{kind}:{resource_id}"
        with self._lock:
            self.resources[key] = record
            if self.archive is not None:
                self.archive.save(key, record)

    def find(self, kind: str, resource_id: str) -> Any:
        with self._lock:
            return self.resources.get(f"{kind}:{resource_id}")

    def all_of(self, kind: str) -> list[dict[str, Any]]:
        with self._lock:
            return [r for key, r in self.resources.items() if key.startswith(f"{kind}:")]
