"""The domain, without Qt: one package per capability.

document/   Document, layers, frames, history, geometry, compositing, palette
painting/   pixel tools, strokes, flood fill, mask operations (functions on a Document)
jobs/       JobQueue (every paid request: journal, send, wait, store), job model, results library
recovery/   the crash-recovery journal and its store
skeleton/   poses, pose sequences, pose edits, skeleton request building
tiles/      Wang corner maps, Wang tiles, layered terrains, tileset record, atlas, terrain map
characters/ character workflows (create, animate, ZIP import, frames into documents)
workflows/  multi-step generation flows: inpaint crop, rotate sheet, text animation, references
fileio/     reading and writing images, sheets, projects, ZIPs (atomic writes)
exporters/  Aseprite JSON, sheets, GIF/APNG, Tiled, Godot, plain PNG
settings.py user settings and the token lookup
faults.py   test-only crash points (PIXEL_STUDIO_KILL_AT), inert otherwise

May import: the standard library, numpy, Pillow, psygnal, ``studio.api``. Never PySide6, qasync or
``studio.ui`` (tests/test_layering.py checks it)."""
