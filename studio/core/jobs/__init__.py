"""Paid requests: the JobQueue (journal before send, store before show), the job model,
result extraction and the results library (SQLite + PNG files).

May import: ``studio.api``, ``studio.core.fileio``, ``studio.core.document``,
``studio.core.faults`` (test-only crash points)."""
