"""Crash recovery: a per-run journal of unsaved documents and the store that writes it.

May import: ``studio.core.document``, ``studio.core.fileio``, ``studio.core.faults``."""
