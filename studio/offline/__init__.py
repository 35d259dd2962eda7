"""The offline engine: a local PixelLab-compatible HTTP server backed by procedural algorithms.

``OfflineServer`` is imported lazily so ``studio.offline.algorithms`` stays usable without FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .server import OfflineServer

__all__ = ["OfflineServer", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "OfflineServer":
        from .server import OfflineServer

        return OfflineServer
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
