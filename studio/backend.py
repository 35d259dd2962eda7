"""Backend choice: the live PixelLab service or the offline engine on loopback (no Qt).

Both use the same client code path: with no token (or with the offline engine switched on) the
studio starts its local PixelLab-compatible server on a free loopback port and points an ordinary
:class:`~studio.api.PixelLabClient` at it.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from studio.api import PixelLabClient
from studio.core.jobs.library import ResultsLibrary
from studio.core.jobs.queue import JobQueue
from studio.core.settings import AppSettings, SettingsStore, TokenStore, default_library_dir
from studio.offline.process import EngineProcess

log = logging.getLogger("studio.backend")

ONLINE, OFFLINE = "PixelLab", "Offline"
# The offline engine accepts any bearer token, but a missing header is a 401 like the live service.
OFFLINE_TOKEN = "offline-engine-local-token"


@dataclass
class Backend:
    """Everything that talks to a generation service, owned by the app for its lifetime."""

    name: str  # ONLINE or OFFLINE
    client: PixelLabClient | ClientSlot  # a ClientSlot from open_backend (see reconnect)
    library: ResultsLibrary
    queue: JobQueue
    server: EngineProcess | None = None  # the offline engine's process when offline
    settings: AppSettings = field(default_factory=AppSettings)

    @property
    def is_offline(self) -> bool:
        return self.name == OFFLINE

    async def aclose(self) -> None:
        await self.queue.shutdown()
        await self.client.aclose()
        if self.server is not None:
            await self.server.stop()
        self.library.close()


def offline_data_dir(library_dir: Path) -> Path:
    """Where the offline engine keeps its own state: in the results library's folder."""
    return library_dir / "offline-engine"


def choose_offline(settings: AppSettings, token: str | None, force_offline: bool = False) -> bool:
    """Offline when asked to, or when there is no token to pay with."""
    return force_offline or settings.offline_engine or not token


def library_folder(settings: AppSettings, library_dir: str | Path | None = None) -> Path:
    """The results library: the one asked for, else the configured one, else the default."""
    return Path(library_dir or settings.library_dir or default_library_dir())


class ClientSlot:
    """The client every panel and the queue hold. A backend switch points it at another
    client, so the panels, the queue and the library (and all they show) stay as they are."""

    def __init__(self, client: PixelLabClient) -> None:
        self.target = client

    def __getattr__(self, name: str):
        return getattr(self.target, name)


@dataclass
class Connection:
    name: str
    client: PixelLabClient
    server: EngineProcess | None
    poll: float


async def connect(settings: AppSettings, token: str | None, folder: Path, *,
                  force_offline: bool = False, job_seconds: float = 2.0) -> Connection:
    """An open client for the service the settings choose (starting the offline engine, a
    child process, when offline)."""
    if choose_offline(settings, token, force_offline):
        server = EngineProcess(job_seconds=job_seconds, data_dir=offline_data_dir(folder))
        base_url = await server.start()
        client = PixelLabClient(token=OFFLINE_TOKEN, base_url=base_url)
        server.on_url_changed = lambda url: setattr(client, "base_url", url)
        # Local jobs finish in seconds: poll them often.
        connection = Connection(OFFLINE, client, server, 0.25)
    else:
        base_url = os.environ.get("PIXELLAB_BASE_URL") or settings.base_url
        connection = Connection(ONLINE, PixelLabClient(token=token, base_url=base_url), None, 3.0)
    await connection.client.__aenter__()
    return connection


async def open_backend(*, force_offline: bool = False, settings_store: SettingsStore | None = None,
                       token_store: TokenStore | None = None,
                       library_dir: str | Path | None = None,
                       job_seconds: float = 2.0) -> Backend:
    """Build the client, library and queue for the configured backend.

    The offline engine runs as a child process (``python -m studio.offline``), supervised by
    :class:`EngineProcess`: its work never competes with the window for the interpreter.
    """
    settings = (settings_store or SettingsStore()).load()
    token = (token_store or TokenStore()).get().token
    folder = library_folder(settings, library_dir)
    library = await asyncio.to_thread(ResultsLibrary, folder)
    connection = await connect(settings, token, folder, force_offline=force_offline,
                               job_seconds=job_seconds)
    client = ClientSlot(connection.client)
    queue = JobQueue(client, library, concurrency=settings.concurrency,
                     poll_interval=connection.poll)
    queue.confirm_above_usd = settings.confirm_above_usd
    queue.free_of_charge = connection.name == OFFLINE
    log.info("backend ready: %s", connection.name)
    return Backend(name=connection.name, client=client, library=library, queue=queue,
                   server=connection.server, settings=settings)


async def reconnect(backend: Backend, *, force_offline: bool = False,
                    settings_store: SettingsStore | None = None,
                    token_store: TokenStore | None = None, job_seconds: float = 2.0) -> bool:
    """Switch ``backend`` to the service the saved settings choose, keeping its library and
    queue. Returns False (nothing changed) when the library folder changed: then the caller
    builds a new backend."""
    settings = (settings_store or SettingsStore()).load()
    token = (token_store or TokenStore()).get().token
    folder = library_folder(settings)
    if folder.resolve() != backend.library.folder.resolve() or not isinstance(
            backend.client, ClientSlot):
        return False
    connection = await connect(settings, token, folder, force_offline=force_offline,
                               job_seconds=job_seconds)
    old_client, old_server = backend.client.target, backend.server
    backend.client.target = connection.client
    backend.name, backend.server, backend.settings = (connection.name, connection.server,
                                                      settings)
    backend.queue.poll_interval = connection.poll
    backend.queue.concurrency = settings.concurrency
    backend.queue.confirm_above_usd = settings.confirm_above_usd
    backend.queue.free_of_charge = connection.name == OFFLINE
    await old_client.aclose()
    if old_server is not None:
        await old_server.stop()
    log.info("backend switched to %s", connection.name)
    return True
