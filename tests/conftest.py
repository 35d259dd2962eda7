"""Suite-wide test environment: headless Qt and no writes to the real user folders."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Config, data, cache and recovery folders of the studio go to a throwaway place.
_HOME = tempfile.mkdtemp(prefix="pixel-studio-tests-")
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = os.path.join(_HOME, _var.lower())
# Never read or write the developer's real keyring from tests.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
# A token in the developer's shell must not leak into tests.
for _var in ("PIXELLAB_API_TOKEN", "PIXELLAB_SECRET", "PIXELLAB_BASE_URL"):
    os.environ.pop(_var, None)


# Python's cyclic collector may fire on any thread that allocates: on an offline-engine server
# thread it would destroy unreachable Qt objects there and crash Qt. As in the app
# (studio/ui/gc_guard.py), collect only on the main thread: after every test.
import gc  # noqa: E402

import pytest  # noqa: E402

gc.disable()


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_main_thread():
    yield
    gc.collect()
