"""``pixel-studio export FILE``: sprite sheet + Aseprite JSON, GIF, APNG, frame PNGs, and the
tilesets saved in a project as Tiled or Godot files."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from studio.cli.exit_codes import OK, CommandError, UsageError
from studio.cli.frames import Selection, select_frames
from studio.core.exporters.animation import save_apng, save_gif, scale_nearest
from studio.core.exporters.aseprite_json import build_aseprite_json
from studio.core.exporters.sheet import ExportError, pack_grid, write_png, write_text
from studio.core.fileio import FileFormatError, open_document

FORMATS = ("json-hash", "json-array")
MAX_SCALE = 64


def add_parser(commands: argparse._SubParsersAction) -> None:
    from studio.cli.exit_codes import EXIT_CODES_HELP

    p = commands.add_parser(
        "export", help="export a sprite to a sheet + JSON, GIF, APNG, PNG frames or tilesets",
        description="Export FILE (.pxstudio, PNG, GIF or APNG). The JSON is Aseprite's "
                    "sprite-sheet format, which Phaser's Aseprite loader and most engines read.",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="a .pxstudio project or a PNG/GIF/APNG image")
    p.add_argument("--sheet", metavar="PNG", help="write all frames packed into one PNG sheet")
    p.add_argument("--data", metavar="JSON", help="write the sheet's JSON (needs --sheet)")
    p.add_argument("--format", choices=FORMATS, default="json-hash",
                   help="frames as a hash keyed '0', '1', ... (default) or as an array")
    p.add_argument("--scale", type=int, default=1, metavar="N",
                   help=f"scale every output by N (nearest neighbour, 1..{MAX_SCALE})")
    p.add_argument("--columns", type=int, metavar="N", help="sheet columns (default: square)")
    p.add_argument("--tag", metavar="NAME", help="export only the frames of this frame tag")
    p.add_argument("--gif", metavar="GIF", help="write an animated GIF")
    p.add_argument("--apng", metavar="PNG", help="write an animated PNG")
    p.add_argument("--frames", metavar="DIR", help="write each frame as DIR/<name>_<n>.png")
    p.add_argument("--tiled", metavar="DIR",
                   help="write the project's tilesets for Tiled (PNG + TSX, TMX of the map)")
    p.add_argument("--godot", metavar="DIR",
                   help="write the project's tilesets for Godot 4 (PNG + .tres)")
    p.set_defaults(run=run)


def check_options(args: argparse.Namespace) -> None:
    outputs = (args.sheet, args.gif, args.apng, args.frames, args.tiled, args.godot)
    if args.data and not args.sheet:
        raise UsageError("--data describes a sheet: give --sheet too")
    if not any(outputs):
        raise UsageError("nothing to export: give at least one of --sheet, --gif, --apng, "
                         "--frames, --tiled or --godot")
    if not 1 <= args.scale <= MAX_SCALE:
        raise UsageError(f"--scale must be a whole number from 1 to {MAX_SCALE}")
    if args.columns is not None and args.columns < 1:
        raise UsageError("--columns must be at least 1")


def run(args: argparse.Namespace) -> int:
    check_options(args)
    try:
        doc = open_document(args.file)
    except FileFormatError as exc:
        raise CommandError(f"cannot open {args.file}: {exc.reason}") from None
    selection = select_frames(doc, args.tag)
    written: list[Path] = []
    try:
        frames = [scale_nearest(f, args.scale) for f in selection.frames]
        if args.sheet:
            written += write_sheet(frames, selection, args)
        if args.gif:
            save_gif(args.gif, selection.frames, selection.durations, args.scale)
            written.append(Path(args.gif))
        if args.apng:
            save_apng(args.apng, selection.frames, selection.durations, args.scale)
            written.append(Path(args.apng))
        if args.frames:
            written += write_frames(frames, Path(args.frames), Path(args.file).stem)
        if args.tiled or args.godot:
            from studio.cli.tilesets import export_tilesets

            written += export_tilesets(doc, args.tiled, args.godot)
    except ExportError as exc:
        raise CommandError(f"cannot export {args.file}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or 'an output file'}: "
                           f"{exc.strerror or exc}") from None
    for path in written:
        print(path)
    return OK


def write_sheet(frames: list[np.ndarray], selection: Selection,
                args: argparse.Namespace) -> list[Path]:
    """The PNG sheet and (with --data) its Aseprite JSON; all checked before writing."""
    sheet_path = Path(args.sheet)
    sheet, rects = pack_grid(frames, args.columns)
    document = build_aseprite_json(rects, selection.durations, sheet_path.name,
                                   (sheet.shape[1], sheet.shape[0]), selection.tags,
                                   array=args.format == "json-array")
    document["meta"]["scale"] = str(args.scale)
    _make_parent(sheet_path)
    write_png(sheet_path, sheet)
    if not args.data:
        return [sheet_path]
    import json

    data_path = Path(args.data)
    _make_parent(data_path)
    write_text(data_path, json.dumps(document, indent=1))
    return [sheet_path, data_path]


def write_frames(frames: list[np.ndarray], folder: Path, stem: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{stem}_{i}.png" for i in range(len(frames))]
    for path, frame in zip(paths, frames, strict=True):
        write_png(path, frame)
    return paths


def _make_parent(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
