"""Tilesets: Wang corner maps, the 16-tile sets, layered terrains, the generated tileset
record, the tile atlas, the painted terrain map and the preview saved in a project.

May import: ``studio.api``, ``studio.core.document``, ``studio.core.painting``,
``studio.core.jobs`` (the results library)."""
