"""Run the offline engine with uvicorn on a loopback socket in a daemon thread."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn

from .app import create_app


class OfflineServer:
    """``with OfflineServer() as base_url:`` or ``.start()`` / ``.stop()``.

    Port 0 picks a free port; ``base_url`` is ``http://HOST:PORT/v2``.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, latency: float = 0.0,
                 job_seconds: float = 2.0, data_dir: str | Path | None = None) -> None:
        self.host = host
        self.port = port
        self.app = create_app(latency=latency, job_seconds=job_seconds, data_dir=data_dir)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    @property
    def root_url(self) -> str:
        """``http://HOST:PORT`` (the v1 API is at ``root_url + "/v1"``)."""
        return self.base_url.removesuffix("/v2")

    def start(self, timeout: float = 10.0) -> str:
        if self._server is not None:
            return self.base_url
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # accepted sockets inherit this: without it every keep-alive answer written in two
        # parts waits ~40 ms for the client's delayed ACK
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", access_log=False,
                                lifespan="off", timeout_graceful_shutdown=1)
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]},
                                  name=f"offline-engine-{self.port}", daemon=True)
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"offline engine failed to start on {self.host}:{self.port}")
            time.sleep(0.01)
        self.base_url = f"http://{self.host}:{self.port}/v2"
        return self.base_url

    def stop(self, timeout: float = 5.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        self._server = self._thread = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
