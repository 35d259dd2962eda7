"""Save and load ``.pxstudio`` projects: a ZIP holding a versioned JSON manifest and PNGs.

Loading never changes anything on failure: it builds a new Document or raises FileFormatError.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from studio.core.document.document import Document, Frame, Layer
from studio.core.document.tags import FrameTag
from studio.core.fileio.atomic import atomic_write_bytes
from studio.core.fileio.errors import (
    ZIP_LIBRARY_ERRORS,
    FileFormatError,
    failure_reason,
    out_of_memory,
)
from studio.core.fileio.image_files import read_file_bytes
from studio.core.fileio.imaging import ImageDecodeError, decode_gray, decode_rgba, encode_png
from studio.core.fileio.project_manifest import (
    FORMAT_NAME,
    MANIFEST_NAME,
    PROJECT_VERSION,
    FrameEntry,
    LayerEntry,
    Manifest,
    TagEntry,
)

PROJECT_SUFFIX = ".pxstudio"
MAX_ENTRIES = 50_000
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 1000  # uncompressed / compressed, per entry
MAX_DECODED_BYTES = 1024 * 1024 * 1024
"""Largest sum of decoded layer (4 bytes a pixel) and mask (1 byte) images in one project.
Checked from the manifest before any image is decoded: a small file whose frames all point
at one large PNG must not take gigabytes of memory."""

PoseFactory = Callable[[Any], Any]



# -- saving ----------------------------------------------------------------------------------
def project_bytes(doc: Document, check: Callable[[], None] | None = None) -> bytes:
    """The ``.pxstudio`` bytes of a document (raises ValueError for non-JSON poses/extras).

    ``check`` runs before each frame is encoded (it may raise to stop a background save)."""
    files: dict[str, bytes] = {}
    frames = []
    for i, frame in enumerate(doc.frames):
        if check is not None:
            check()
        layers = []
        for j, layer in enumerate(frame.layers):
            name = f"frames/{i:04d}/layer_{j:02d}.png"
            files[name] = encode_png(layer.pixels, compress_level=1)
            layers.append(LayerEntry(name=layer.name, kind=layer.kind, visible=layer.visible,
                                     opacity=layer.opacity, locked=layer.locked, image=name))
        mask_name = None
        if frame.mask is not None:
            mask_name = f"frames/{i:04d}/mask.png"
            files[mask_name] = encode_png(frame.mask, compress_level=1)
        frames.append(FrameEntry(duration_ms=frame.duration_ms, layers=layers, mask=mask_name,
                                 pose=_pose_json(frame.pose, i)))
    manifest = Manifest(format=FORMAT_NAME, version=PROJECT_VERSION, name=doc.name,
                        width=doc.width, height=doc.height, palette=list(doc.palette),
                        current_frame=doc.current_frame, frames=frames,
                        extras=_check_json(doc.extras, "document extras"),
                        tags=[TagEntry(name=t.name, start=t.start, end=t.end,
                                       direction=t.direction, repeat=t.repeat)  # type: ignore[arg-type]
                              for t in doc.tags])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(MANIFEST_NAME, manifest.model_dump_json(indent=1), zipfile.ZIP_DEFLATED)
        for name, data in files.items():
            zf.writestr(name, data, zipfile.ZIP_STORED)  # PNG data is compressed already
    return buffer.getvalue()


def save_project(doc: Document, path: Path | str) -> None:
    """Write the project atomically and mark the document saved under ``path``."""
    with doc.lock:
        data = project_bytes(doc)
    atomic_write_bytes(path, data)
    doc.mark_saved(path)


def outline(doc: Document) -> Document:
    """A copy of the document whose frames and layers are its own but whose pixel and mask
    arrays are the document's (shared, not copied). Take it under ``doc.lock``; the arrays
    stay as they are only while nothing writes them in place (see ``Document.add_write_hook``)."""
    frames = [Frame([Layer(ly.name, ly.pixels, ly.visible, ly.opacity, ly.kind, ly.locked)
                     for ly in f.layers], f.duration_ms, f.mask, f.pose) for f in doc.frames]
    copy = Document(doc.width, doc.height, frames, list(doc.palette), doc.name, doc.path,
                    json.loads(json.dumps(doc.extras, default=str)), list(doc.tags))
    copy.current_frame = doc.current_frame
    return copy


def snapshot(doc: Document) -> Document:
    """A copy taken under the document lock, so encoding can run in another thread without
    holding it (the document may be edited meanwhile)."""
    with doc.lock:
        copy = outline(doc)
        for frame in copy.frames:
            for layer in frame.layers:
                layer.pixels = layer.pixels.copy()
            if frame.mask is not None:
                frame.mask = frame.mask.copy()
    return copy


def write_project(doc: Document, path: Path | str,
                  check: Callable[[], None] | None = None) -> None:
    """Encode and write ``doc`` (e.g. a :func:`snapshot`) atomically; marks nothing saved."""
    atomic_write_bytes(path, project_bytes(doc, check))


def _pose_json(pose: Any, index: int) -> Any:
    if pose is None:
        return None
    value = pose.to_dict() if hasattr(pose, "to_dict") else pose
    return _check_json(value, f"the pose of frame {index}")


def _check_json(value: Any, what: str) -> Any:
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{what} cannot be stored as JSON: {exc}") from None


# -- loading ---------------------------------------------------------------------------------
def default_pose_factory(data: Any) -> Any:
    """``studio.core.skeleton.pose.Pose`` when it accepts the data, else the plain JSON."""
    try:
        from studio.core.skeleton.pose import Pose
    except ImportError:
        return data
    try:
        return Pose.from_dict(data)
    except Exception:  # a pose of another shape stays plain JSON rather than failing the load
        return data


def load_project(path: Path | str, pose_factory: PoseFactory | None = None) -> Document:
    p = Path(path)
    try:
        data = read_file_bytes(p, MAX_UNCOMPRESSED_BYTES)
        doc = load_project_bytes(data, pose_factory)
    except FileFormatError as exc:
        raise FileFormatError(exc.reason, p) from None
    except MemoryError:
        raise out_of_memory(p) from None
    doc.path = p
    return doc


def load_project_bytes(data: bytes, pose_factory: PoseFactory | None = None) -> Document:
    """Parse project bytes into a new, clean Document."""
    factory = default_pose_factory if pose_factory is None else pose_factory
    if not data:
        raise FileFormatError("the file is empty (0 bytes)")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_LIBRARY_ERRORS as exc:
        if data[:4] == b"PK\x03\x04":
            raise FileFormatError(
                f"the project file is damaged or truncated ({failure_reason(exc)})") from None
        raise FileFormatError("not a Pixel Studio project (not a ZIP archive)") from None
    with zf:
        entries = _check_entries(zf)
        manifest = _read_manifest(zf, entries)
        _check_decoded_size(manifest)
        frames = [_read_frame(zf, entries, manifest, i, f, factory)
                  for i, f in enumerate(manifest.frames)]
    try:
        doc = Document(manifest.width, manifest.height, frames,
                       palette=[tuple(c) for c in manifest.palette], name=manifest.name,
                       extras=manifest.extras,
                       tags=[FrameTag(t.name, t.start, t.end, t.direction, t.repeat)
                             for t in manifest.tags])
    except ValueError as exc:
        raise FileFormatError(f"the project is inconsistent: {exc}") from None
    doc.current_frame = manifest.current_frame
    return doc


def _check_entries(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise FileFormatError(f"the project has too many entries ({len(infos)})")
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        if info.filename in entries:
            raise FileFormatError(f"the project has a duplicate entry {info.filename!r}")
        total += info.file_size
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1024:
            raise FileFormatError(f"the entry {info.filename!r} is suspiciously compressed")
        entries[info.filename] = info
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileFormatError("the project unpacks to too many bytes")
    return entries


def _read(zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], name: str,
          limit: int) -> bytes:
    info = entries.get(name)
    if info is None:
        raise FileFormatError(f"the project is missing {name!r}")
    if info.file_size > limit:
        raise FileFormatError(f"the entry {name!r} is too big")
    try:
        return zf.read(info)
    except ZIP_LIBRARY_ERRORS as exc:
        raise FileFormatError(
            f"the project is damaged ({name}: {failure_reason(exc)})") from None


def _check_decoded_size(manifest: Manifest) -> None:
    """Refuse, before decoding anything, a project whose images would not fit the budget."""
    pixels = manifest.width * manifest.height
    layers = sum(len(f.layers) for f in manifest.frames)
    masks = sum(f.mask is not None for f in manifest.frames)
    total = pixels * (4 * layers + masks)
    if total > MAX_DECODED_BYTES:
        raise FileFormatError(
            f"the project is too large to open: {len(manifest.frames)} frames with {layers} "
            f"layer images of {manifest.width}x{manifest.height} need {total / 2**30:.1f} GB "
            f"of memory; the limit is {MAX_DECODED_BYTES / 2**30:.0f} GB")


def _read_manifest(zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> Manifest:
    if MANIFEST_NAME not in entries:
        raise FileFormatError("not a Pixel Studio project (no manifest.json)")
    raw = _read(zf, entries, MANIFEST_NAME, MAX_MANIFEST_BYTES)
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FileFormatError(f"the manifest is not valid JSON ({exc})") from None
    if not isinstance(obj, dict) or obj.get("format") != FORMAT_NAME:
        raise FileFormatError("not a Pixel Studio project (unknown manifest format)")
    version = obj.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileFormatError("the manifest has no valid format version")
    if version > PROJECT_VERSION:
        raise FileFormatError(
            f"the project was written by a newer Pixel Studio (format version {version}; "
            f"this version reads up to {PROJECT_VERSION})"
        )
    try:
        return Manifest.model_validate(obj)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FileFormatError(f"the manifest is invalid at {where}: {first['msg']}") from None


def _read_frame(zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo], manifest: Manifest,
                index: int, entry: FrameEntry, pose_factory: PoseFactory) -> Frame:
    size = (manifest.height, manifest.width)
    pixel_cap = manifest.width * manifest.height
    limit = pixel_cap * 4 + 65536  # a PNG is never much bigger than its raw pixels
    layers = []
    for layer in entry.layers:
        data = _read(zf, entries, layer.image, limit)
        pixels = _decode(lambda d=data: decode_rgba(d, ("PNG",), pixel_cap), layer.image)
        if pixels.shape[:2] != size:
            raise FileFormatError(f"{layer.image} is {pixels.shape[1]}x{pixels.shape[0]}, "
                                  f"expected {manifest.width}x{manifest.height}")
        layers.append(Layer(layer.name, pixels, layer.visible, layer.opacity, layer.kind,
                            layer.locked))
    mask = None
    if entry.mask is not None:
        data = _read(zf, entries, entry.mask, limit)
        mask = _decode(lambda d=data: decode_gray(d, pixel_cap), entry.mask)
        if mask.shape != size:
            raise FileFormatError(f"{entry.mask} does not match the image size")
    pose = None if entry.pose is None else pose_factory(entry.pose)
    return Frame(layers, entry.duration_ms, mask, pose)


def _decode(fn: Callable[[], np.ndarray], name: str) -> np.ndarray:
    try:
        return fn()
    except ImageDecodeError as exc:
        raise FileFormatError(f"{name}: {exc}") from None
