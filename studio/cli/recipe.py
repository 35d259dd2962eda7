"""Batch recipes (TOML): many requests, each expanded into one item per variant.

```toml
out = "sprites"            # output folder, relative to the recipe (default: "out")
tool = "pixflux"           # defaults for every request; each [[request]] may override them
size = "64x64"
variants = 1
[set]                      # extra request fields for every request
outline = "single color black outline"

[[request]]
name = "potion"            # file name stem (default: from the description)
description = "a red potion"
set = { seed = 7 }
```

Each item's journal group id is ``batch:<digest>:<n>.<v>``, where the digest covers every
request of the recipe: running the same recipe again finds its jobs and resumes them.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.api.requests import ApiRequest
from studio.cli.exit_codes import UsageError
from studio.cli.tools import build_request, parse_size, parse_value, resolve_tool
from studio.core.jobs.model import with_seed

MAX_VARIANTS = 16
MAX_ITEMS = 1000
REQUEST_KEYS = frozenset({"name", "tool", "description", "size", "variants", "out", "set"})


@dataclass(frozen=True)
class BatchItem:
    key: str  # journal group id
    tool: str  # endpoint name
    request: ApiRequest
    out_dir: Path
    name: str  # output file stem

    def output_paths(self, labels: list[str]) -> list[Path]:
        """One PNG per image: ``name.png``, else named by the images' labels (a tile's
        corners, a direction) when they tell them apart, else numbered."""
        if len(labels) == 1:
            return [self.out_dir / f"{self.name}.png"]
        suffixes = [slug(label, "", limit=80) for label in labels]
        if not all(suffixes) or len(set(suffixes)) != len(suffixes):
            suffixes = [str(k) for k in range(len(labels))]
        return [self.out_dir / f"{self.name}_{s}.png" for s in suffixes]


@dataclass(frozen=True)
class Recipe:
    path: Path
    items: list[BatchItem]
    prefix: str  # group id prefix shared by all its items


def slug(text: str, fallback: str = "image", limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:limit].strip("-") or fallback


def variant_seed(key: str, base: int | None, variant: int) -> int | None:
    """Variants need distinct seeds: the given seed + n, else one derived from the item key
    (so a rerun of the recipe asks for the same pictures)."""
    if base is not None:
        return (base + variant) % 2**32
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 2**31


def load_recipe(path: Path | str) -> Recipe:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read the recipe {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"the recipe {path} is not valid TOML: {exc}") from None
    requests = data.get("request")
    if not isinstance(requests, list) or not requests:
        raise UsageError(f"the recipe {path} has no [[request]] tables")
    specs = [_spec(data, entry, index, path.parent) for index, entry in enumerate(requests)]
    built = [(spec, build_request(spec["tool"], spec["description"], spec["size"],
                                  spec["fields"])) for spec in specs]
    digest = hashlib.sha256(json.dumps(
        [[spec["tool"], spec["variants"], spec["name"], spec["out"], request.to_api_json()]
         for spec, request in built], sort_keys=True).encode()).hexdigest()
    prefix = f"batch:{digest[:16]}:"
    items = [item for index, (spec, request) in enumerate(built)
             for item in expand(spec["tool"], request, f"{prefix}{index}", Path(spec["out"]),
                                spec["name"], spec["variants"])]
    if len(items) > MAX_ITEMS:
        raise UsageError(f"the recipe asks for {len(items)} images; at most {MAX_ITEMS} per run")
    return Recipe(path, items, prefix)


def _spec(defaults: dict[str, Any], entry: Any, index: int, base: Path) -> dict[str, Any]:
    """One request's settings with the recipe's defaults filled in (checked, not yet built)."""
    where = f"request {index + 1}"
    if not isinstance(entry, dict):
        raise UsageError(f"{where} is not a table")
    unknown = sorted(set(entry) - REQUEST_KEYS)
    if unknown:
        raise UsageError(f"{where} has unknown keys {unknown}; use {sorted(REQUEST_KEYS)} "
                         "and put request fields under set = {{...}}")
    fields = {**_table(defaults.get("set"), "set"), **_table(entry.get("set"), f"{where} set")}
    variants = entry.get("variants", defaults.get("variants", 1))
    if not isinstance(variants, int) or not 1 <= variants <= MAX_VARIANTS:
        raise UsageError(f"{where}: variants must be a whole number from 1 to {MAX_VARIANTS}")
    tool = entry.get("tool", defaults.get("tool"))
    if not tool:
        raise UsageError(f"{where} names no tool (set tool = \"pixflux\", at the top or here)")
    size = entry.get("size", defaults.get("size"))
    description = entry.get("description")
    return {"tool": resolve_tool(str(tool)), "description": description,
            "size": parse_size(size) if size is not None else None,
            "variants": variants,
            "name": str(entry.get("name") or slug(str(description or tool))),
            "out": str(base / str(entry.get("out", defaults.get("out", "out")))),
            "fields": {k: parse_value(v, base) for k, v in fields.items()}}


def _table(value: Any, what: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise UsageError(f"{what} must be a table of request fields")
    return value


def expand(tool: str, request: ApiRequest, key: str, out_dir: Path, name: str,
           variants: int = 1) -> list[BatchItem]:
    """One item per variant (``<key>.<v>``, files ``<name>_<v+1>``), each with its own seed."""
    if variants == 1:
        return [BatchItem(f"{key}.0", tool, request, out_dir, name)]
    seed = getattr(request, "seed", None)
    return [BatchItem(f"{key}.{v}", tool, with_seed(request, variant_seed(f"{key}.{v}", seed, v)),
                      out_dir, f"{name}_{v + 1}")
            for v in range(variants)]
