"""Multi-step generation flows built on documents: inpaint crop and paste-back, rotate
sheets, chained text animation, animation references.

May import: ``studio.api``, ``studio.core.document``, ``studio.core.painting``."""
