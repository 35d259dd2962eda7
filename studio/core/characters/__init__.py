"""Characters: create and animate 4/8-direction characters, read their payloads, import
their ZIPs, and turn their frames into documents.

May import: ``studio.api``, ``studio.core.jobs``, ``studio.core.document``,
``studio.core.fileio``."""
