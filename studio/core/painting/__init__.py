"""Pixel tools as functions on a Document: pencil/eraser strokes, flood fill, mask editing.

May import: ``studio.core.document``."""
