"""The document model: Document, Layer, Frame, the undo history and the maths under them.

May import: numpy, psygnal, the standard library. Nothing else from ``studio.core``."""
