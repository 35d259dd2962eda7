"""Pixel selections and what is done with them: the selected region (rectangle, lasso, magic
wand, all / none / invert, add / subtract), and the floating pixels of a transform (move, flip,
rotate, nearest-neighbour scale) that become one undo step when applied.

May import: numpy, ``studio.core.document``, ``studio.core.painting``."""
