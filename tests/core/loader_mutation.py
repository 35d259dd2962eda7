"""Seeded mutation of file bytes for the loader fuzz tests: random byte damage, truncation,
duplicated chunks, and ZIP header fields (version needed, flags, method, sizes) set to
random values, which is how zipfile's NotImplementedError and RuntimeError were found."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator

# offsets of 2- and 4-byte fields after a ZIP signature
_ZIP_FIELDS = {
    b"PK\x01\x02": ((4, 2), (6, 2), (8, 2), (10, 2), (20, 4), (24, 4), (28, 2), (42, 4)),
    b"PK\x03\x04": ((4, 2), (6, 2), (8, 2), (18, 4), (22, 4), (26, 2)),
    b"PK\x05\x06": ((8, 2), (10, 2), (12, 4), (16, 4)),
}


def _zip_field(data: bytearray, rng: random.Random) -> None:
    spots = [(i + off, size) for sig, fields in _ZIP_FIELDS.items()
             for i in _find_all(data, sig) for off, size in fields if i + off + size <= len(data)]
    if not spots:
        return
    at, size = rng.choice(spots)
    value = rng.choice([0, 1, 0xFF, 0xFFFF, 118, 63, 99, 8, 12, 14, rng.getrandbits(8 * size)])
    data[at:at + size] = (value % (1 << (8 * size))).to_bytes(size, "little")


def _find_all(data: bytearray, needle: bytes) -> Iterator[int]:
    at = data.find(needle)
    while at >= 0:
        yield at
        at = data.find(needle, at + 1)


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.35:
            _zip_field(out, rng)
        elif kind < 0.7 and out:
            at = rng.randrange(len(out))
            out[at:at + rng.randint(1, 8)] = rng.randbytes(rng.randint(1, 8))
        elif kind < 0.85 and out:
            del out[rng.randrange(len(out)):]
        elif out:
            at, size = rng.randrange(len(out)), rng.randint(1, 64)
            out[at:at] = out[at:at + size]
    return bytes(out)


def fuzz(seed_files: list[bytes], load: Callable[[bytes], object],
         expected: type[BaseException] | tuple[type[BaseException], ...], seed: int,
         seconds: float = 1.5, max_cases: int = 4000) -> int:
    """Feed mutants of the seed files to ``load`` for about ``seconds``; any exception other
    than ``expected`` fails with the mutant's case number. Returns the number of cases."""
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    cases = 0
    while cases < max_cases and (cases < 50 or time.monotonic() < deadline):
        mutant = mutate(rng.choice(seed_files), rng)
        cases += 1
        try:
            load(mutant)
        except expected as exc:
            assert str(exc).strip() and "()" not in str(exc), (cases, repr(exc))
        except Exception as exc:  # noqa: BLE001 - the point is to catch escapes
            raise AssertionError(f"case {cases} (seed {seed}) escaped as {exc!r}") from exc
    return cases
