"""Connect core (psygnal) signals to Qt objects without keeping them alive or calling them dead.

A destroyed-signal handler that touches the Python wrapper can crash when the wrapper is being
garbage-collected, and a plain bound-method connection may call into a deleted C++ object.
``connect_alive`` holds only a weak reference and skips (and drops) the connection once the
Qt object is gone.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any

from shiboken6 import isValid


def connect_alive(signal: Any, target: Any, method: str) -> Callable[..., None]:
    """``signal.connect(target.method)`` for as long as ``target``'s C++ object lives.

    Returns the connected forwarder (pass it to ``signal.disconnect`` to disconnect early)."""
    ref = weakref.ref(target)

    def forward(*args: Any) -> None:
        obj = ref()
        if obj is None or not isValid(obj):
            with contextlib.suppress(Exception):
                signal.disconnect(forward)
            return
        getattr(obj, method)(*args)

    signal.connect(forward)
    return forward
