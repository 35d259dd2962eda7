"""Run small matrix products on one BLAS thread.

The products here are tall and thin (``(N, 3) @ (3, K)``). OpenBLAS splits them across threads,
and on a busy machine the hand-off costs ten times the work (66 ms against 6 ms for 262,144 x 32
on the 2-core VM), so the hot functions hold BLAS to one thread while they run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from threadpoolctl import ThreadpoolController

P = ParamSpec("P")
R = TypeVar("R")
_controller: ThreadpoolController | None = None


def single_blas_thread(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: ``func`` runs with BLAS limited to one thread (cheap: about 10 µs a call)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        global _controller
        if _controller is None:
            _controller = ThreadpoolController()
        with _controller.limit(limits=1, user_api="blas"):
            return func(*args, **kwargs)

    return wrapper
