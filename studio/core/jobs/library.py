"""ResultsLibrary: the journal of paid requests and every returned image (SQLite WAL + PNG files).

Journal first: a request row is written before the request is sent, and each image is stored
(PNG file, then its row) before anything shows it. Rows carry the endpoint, the parameters as
JSON (input images replaced by a hash reference to a PNG kept once under ``inputs/``), seed,
cost, time and the job id. Background job ids are stored so a new queue can resume waiting.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from studio.core.fileio.errors import write_problem
from studio.core.jobs.held_results import HeldResults
from studio.core.jobs.journal_rows import (
    UNFINISHED_STATES,
    JournalEntry,
    JournalRows,
    LibraryError,
    LibraryWriteError,
    tool_of,
)
from studio.core.jobs.library_store import (
    MIGRATIONS,
    SCHEMA,
    atomic_write_bytes,
    png_bytes,
    sha256_hex,
    thumbnail_png,
    to_pil,
)
from studio.core.jobs.ordered_writes import OrderedWrites
from studio.core.jobs.search_text import search_text

_RESULT_COLUMNS = (
    "id, job_id, endpoint, tool, description, params_json, seed, cost_usd, cost_generations,"
    " created, image_path, width, height, variant_index, label, expected_usd,"
    " expected_generations, free"
)


@dataclass(frozen=True)
class ResultRecord:
    id: int
    job_id: str
    endpoint: str
    tool: str
    description: str
    params: dict[str, Any]
    seed: int | None
    cost_usd: float
    cost_generations: float
    created: float
    image_path: Path
    width: int
    height: int
    variant_index: int
    label: str = ""  # what the image is within its job: a tile's corners, a direction
    expected_usd: float | None = None  # what the price rules said before sending (None: unknown)
    expected_generations: float | None = None
    free: bool = False  # made by the offline engine: nothing was or would be billed


class ResultsLibrary(JournalRows, HeldResults):
    """SQLite ``library.sqlite3`` plus ``images/`` and ``inputs/`` inside ``folder``. A refused
    write raises LibraryWriteError; unstored results can be held in memory (HeldResults)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._init_held()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(
            self.folder / "library.sqlite3", check_same_thread=False, isolation_level=None
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._migrate()
        self._writes = OrderedWrites()  # later updates of journal rows, off the caller's thread

    def _migrate(self) -> None:
        """Add the columns that libraries written by older versions lack."""
        for table, column, definition in MIGRATIONS:
            columns = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
            if column not in columns:
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
        self._fill_search_text()

    def _fill_search_text(self) -> None:
        """Give rows written before ``search_text`` existed (or in bulk) their search line."""
        rows = self._db.execute("SELECT id, tool, description, params_json, label FROM results"
                                " WHERE search_text = ''").fetchall()
        if not rows:
            return
        self._db.execute("BEGIN")
        self._db.executemany("UPDATE results SET search_text = ? WHERE id = ?", [
            (search_text(tool, desc, json.loads(params), label), rid)
            for rid, tool, desc, params, label in rows])
        self._db.execute("COMMIT")

    def _character_description(self, params: dict[str, Any]) -> str:
        """The description a character was created with, for images made from it."""
        character = params.get("character_id")
        if not isinstance(character, str):
            return ""
        row = self._db.execute("SELECT description FROM requests WHERE resource_id = ?"
                               " ORDER BY created LIMIT 1", (character,)).fetchone()
        return str(row[0]) if row else ""

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Turn a refused write (SQLite or file) into one LibraryWriteError sentence."""
        try:
            yield
        except (sqlite3.Error, OSError) as exc:
            raise LibraryWriteError(
                write_problem("the studio's results library", self.folder, exc)) from exc

    def close(self) -> None:
        self._writes.close()  # the updates asked for are written first
        with self._lock:
            self._db.close()

    # -- input images --------------------------------------------------------------------------
    def store_input(self, data: bytes) -> str:
        """Keep an input PNG once (content-addressed); returns its sha256."""
        digest = sha256_hex(data)
        path = self.folder / "inputs" / f"{digest}.png"
        if not path.exists():
            atomic_write_bytes(path, data)
        return digest

    def input_image(self, sha256: str) -> Image.Image:
        if not all(c in "0123456789abcdef" for c in sha256) or len(sha256) != 64:
            raise LibraryError(f"not an input image reference: {sha256!r}")
        path = self.folder / "inputs" / f"{sha256}.png"
        if not path.exists():
            raise LibraryError(f"input image {sha256[:12]}... is missing from the library")
        with Image.open(path, formats=["PNG"]) as img:
            return img.convert("RGBA")

    # -- results -------------------------------------------------------------------------------
    def store_result(self, job_id: str, image: Any, *, variant_index: int = 0,
                     cost_usd: float = 0.0, cost_generations: float = 0.0,
                     label: str = "",
                     expected: tuple[float | None, float | None] = (None, None),
                     free: bool = False) -> ResultRecord:
        """Store one returned image: PNG file first (atomic), then its row (with the billed
        cost and the ``expected`` (usd, generations) share, both per image; ``free`` when
        the offline engine made it)."""
        entry = self.journal_entry(job_id)
        pil = to_pil(image)
        data = png_bytes(pil)
        rel = Path("images") / f"{job_id}-{variant_index}.png"
        with self._writing():
            atomic_write_bytes(self.folder / rel, data)
        with self._lock, self._writing():
            searched = search_text(entry.tool, entry.description, entry.params, label,
                                   self._character_description(entry.params))
            cur = self._db.execute(
                "INSERT INTO results (job_id, endpoint, tool, description, params_json, seed,"
                " cost_usd, cost_generations, created, image_path, image_sha256, width, height,"
                " variant_index, thumb, label, expected_usd, expected_generations, search_text,"
                " free) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (job_id, entry.endpoint, entry.tool, entry.description,
                 json.dumps(entry.params, sort_keys=True), entry.seed, cost_usd,
                 cost_generations, time.time(), rel.as_posix(), sha256_hex(data), pil.width,
                 pil.height, variant_index, thumbnail_png(pil), label, *expected, searched,
                 int(free)),
            )
        return self.get(int(cur.lastrowid))

    def get(self, result_id: int) -> ResultRecord:
        if self.is_held(result_id):
            return self._held[result_id][0]
        with self._lock:
            row = self._db.execute(
                f"SELECT {_RESULT_COLUMNS} FROM results WHERE id = ?", (result_id,)).fetchone()
        if row is None:
            raise LibraryError(f"no result with id {result_id}")
        return self._record(row)

    def results_for_job(self, job_id: str) -> list[ResultRecord]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_RESULT_COLUMNS} FROM results WHERE job_id = ? ORDER BY variant_index",
                (job_id,)).fetchall()
        return [self._record(r) for r in rows] + self.held_results(job_id)

    def _filters(self, text: str | None, tool: str | None) -> tuple[str, list[Any]]:
        clauses, args = [], []
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("(description LIKE ? ESCAPE '\\' OR tool LIKE ? ESCAPE '\\'"
                           " OR search_text LIKE ? ESCAPE '\\')")
            args += [pattern, pattern, pattern]
        if tool:
            clauses.append("tool = ?")
            args.append(tool)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args

    def position(self, result_id: int, text: str | None = None,
                 tool: str | None = None) -> int | None:
        """Where the result stands in :meth:`search`'s order (newest first) under the filter;
        None when it is not in it (deleted, or filtered out)."""
        where, args = self._filters(text, tool)
        joiner = " AND " if where else " WHERE "
        with self._lock:
            row = self._db.execute(f"SELECT created FROM results{where}{joiner}id = ?",
                                   [*args, result_id]).fetchone()
            if row is None:
                return None
            newer = self._db.execute(
                f"SELECT COUNT(*) FROM results{where}{joiner}(created, id) > (?, ?)",
                [*args, row[0], result_id]).fetchone()[0]
        return int(newer)

    def count(self, text: str | None = None, tool: str | None = None) -> int:
        where, args = self._filters(text, tool)
        with self._lock:
            return int(self._db.execute(f"SELECT COUNT(*) FROM results{where}", args).fetchone()[0])

    def search(self, text: str | None = None, tool: str | None = None, *, limit: int = 100,
               offset: int = 0, after: tuple[float, int] | None = None) -> list[ResultRecord]:
        """Newest first. Page with ``offset`` or, faster, keyset ``after=(created, id)``
        of the last record of the previous page."""
        if limit < 1 or offset < 0:
            raise LibraryError("limit must be >= 1 and offset >= 0")
        where, args = self._filters(text, tool)
        if after is not None:
            where += (" AND " if where else " WHERE ") + "(created, id) < (?, ?)"
            args += [float(after[0]), int(after[1])]
        sql = (f"SELECT {_RESULT_COLUMNS} FROM results{where}"
               " ORDER BY created DESC, id DESC LIMIT ? OFFSET ?")
        with self._lock:
            rows = self._db.execute(sql, [*args, limit, offset]).fetchall()
        return [self._record(r) for r in rows]

    def tools(self) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT DISTINCT tool FROM results ORDER BY tool").fetchall()
        return [r[0] for r in rows]

    def thumbnail(self, result_id: int) -> bytes:
        with self._lock:
            row = self._db.execute("SELECT thumb FROM results WHERE id = ?",
                                   (result_id,)).fetchone()
        if row is None:
            raise LibraryError(f"no result with id {result_id}")
        return bytes(row[0] or b"")

    def load_image(self, result_id: int) -> Image.Image:
        if self.is_held(result_id):
            return self.held_image(result_id)
        path = self.get(result_id).image_path
        if not path.exists():
            raise LibraryError(f"the image file of result {result_id} is missing: {path}")
        with Image.open(path, formats=["PNG"]) as img:
            return img.convert("RGBA")

    def export_png(self, result_id: int, target: str | Path) -> Path:
        source = self.get(result_id).image_path
        if not source.exists():
            raise LibraryError(f"the image file of result {result_id} is missing: {source}")
        target = Path(target)
        if target.suffix.lower() != ".png":
            target = target.with_suffix(".png")
        atomic_write_bytes(target, source.read_bytes())
        return target

    def delete(self, result_id: int) -> None:
        record = self.get(result_id)
        with self._lock:
            self._db.execute("DELETE FROM results WHERE id = ?", (result_id,))
        record.image_path.unlink(missing_ok=True)

    def bulk_insert_for_tests(self, rows: list[tuple[Any, ...]]) -> None:
        """Insert many pre-built result rows in one transaction (benchmarks and tests)."""
        with self._lock:
            self._db.execute("BEGIN")
            self._db.executemany(
                "INSERT INTO results (job_id, endpoint, tool, description, params_json, seed,"
                " cost_usd, cost_generations, created, image_path, image_sha256, width, height,"
                " variant_index, thumb) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            self._db.execute("COMMIT")
            self._fill_search_text()

    @staticmethod
    def _new_record(rid: int, job_id: str, endpoint: str, description: str, *rest: Any
                    ) -> ResultRecord:  # a result held in memory: no stored parameters
        return ResultRecord(rid, job_id, endpoint, tool_of(endpoint), description, {}, None, *rest)

    def _record(self, row: tuple[Any, ...]) -> ResultRecord:
        (rid, job_id, endpoint, tool, desc, params, seed, usd, gens, created, path, w, h,
         index, label, expected_usd, expected_gens, free) = row
        return ResultRecord(rid, job_id, endpoint, tool, desc, json.loads(params), seed,
                            usd, gens, created, self.folder / path, w, h, index, label,
                            expected_usd, expected_gens, bool(free))


__all__ = ["UNFINISHED_STATES", "JournalEntry", "LibraryError", "LibraryWriteError",
           "ResultRecord", "ResultsLibrary", "tool_of"]
