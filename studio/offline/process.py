"""The offline engine as a child process of the studio (``python -m studio.offline``).

Generating pixel art is CPU work; in a thread of the studio it competed with the GUI for the
interpreter lock. In its own process it cannot stall the window. :class:`EngineProcess` starts
the child on a free loopback port (the child picks it and prints its URL on stdout), forwards
the child's stderr into this process's ``logging`` (logger ``studio.offline.engine``), checks it
every few seconds (alive and answering), restarts it when it died or hangs, and stops it on
:meth:`stop`. The child also stops by itself when its stdin closes, so it never outlives us.

No Qt here: the reader threads only touch strings, futures and the asyncio loop.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import httpx

log = logging.getLogger("studio.offline.engine")

URL_LINE = re.compile(r"at (http://\S+/v2)")
LEVELS = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARNING": logging.WARNING,
          "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}
HEALTH_TOKEN = "offline-engine-health-check"
# The engine is background work: at a lower CPU priority it never takes a core the studio's
# window is waiting for (on a busy 2-core machine the stalls were the scheduler's).
ENGINE_NICE = 5


# What a bundled studio (PyInstaller: ``sys.executable`` is the studio itself, which has no
# ``-m``) takes as its first argument to run the engine instead of the window (studio/__main__.py).
BUNDLE_ENGINE_COMMAND = "offline-engine"


def engine_launcher() -> list[str]:
    """The command that runs ``python -m studio.offline`` from this interpreter or bundle."""
    if getattr(sys, "frozen", False):
        return [sys.executable, BUNDLE_ENGINE_COMMAND]
    return [sys.executable, "-m", "studio.offline"]


class EngineStartError(RuntimeError):
    """The engine process did not report a URL (it crashed, or took too long)."""


class EngineProcess:
    """Start / supervise / stop ``python -m studio.offline``; ``base_url`` ends in ``/v2``."""

    def __init__(self, *, job_seconds: float = 2.0, latency: float = 0.0,
                 data_dir: str | Path | None = None, health_interval: float = 2.0,
                 start_timeout: float = 60.0,
                 on_url_changed: Callable[[str], None] | None = None) -> None:
        self.job_seconds, self.latency = job_seconds, latency
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.health_interval, self.start_timeout = health_interval, start_timeout
        self.on_url_changed = on_url_changed
        self.base_url = ""
        self.restarts = 0
        self._process: subprocess.Popen[str] | None = None
        self._died = asyncio.Event()
        self._restarted = asyncio.Event()
        self._monitor: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def command(self, port: int = 0) -> list[str]:
        argv = [*engine_launcher(), "--port", str(port),
                "--job-seconds", str(self.job_seconds), "--latency", str(self.latency),
                "--stop-on-stdin-close", "--nice", str(ENGINE_NICE)]
        if self.data_dir is not None:
            argv += ["--data-dir", str(self.data_dir)]
        return argv

    async def start(self) -> str:
        """Start the child and return its URL once it answers; then watch it."""
        self._stopping = False
        self.base_url = await self._spawn(0)
        self._monitor = asyncio.get_running_loop().create_task(self._watch())
        return self.base_url

    async def stop(self) -> None:
        """Close the child's stdin (it stops cleanly), then terminate / kill if it lingers."""
        self._stopping = True
        if self._monitor is not None:
            self._monitor.cancel()
            await asyncio.gather(self._monitor, return_exceptions=True)
            self._monitor = None
        process, self._process = self._process, None
        if process is not None:
            await asyncio.to_thread(_end, process)

    async def wait_restarted(self) -> None:
        """Wait until the next restart finished (for tests and status displays)."""
        self._restarted.clear()
        await self._restarted.wait()

    # -- child process ---------------------------------------------------------------------------
    async def _spawn(self, port: int) -> str:
        loop = asyncio.get_running_loop()
        url: concurrent.futures.Future[str] = concurrent.futures.Future()
        died = self._died
        died.clear()
        process = await asyncio.to_thread(_popen, self.command(port))
        self._process = process

        def on_exit() -> None:
            if not url.done():
                url.set_exception(EngineStartError(
                    f"the offline engine exited with code {process.wait()} before it was ready"))
            with contextlib.suppress(RuntimeError):  # the loop closed while we shut down
                loop.call_soon_threadsafe(died.set)

        threading.Thread(target=_read_stdout, args=(process, url, on_exit),
                         name=f"engine-stdout-{process.pid}", daemon=True).start()
        threading.Thread(target=_forward_stderr, args=(process,),
                         name=f"engine-log-{process.pid}", daemon=True).start()
        try:
            found = await asyncio.wait_for(asyncio.wrap_future(url), self.start_timeout)
        except (TimeoutError, EngineStartError) as exc:
            await asyncio.to_thread(_end, process)
            raise EngineStartError(str(exc) or "the offline engine did not start in time") from exc
        log.info("offline engine process %d at %s", process.pid, found)
        return found

    async def _watch(self) -> None:
        """Restart the child when it exits or stops answering; back off when restarts fail."""
        failures, backoff = 0, 1.0
        while not self._stopping:
            try:
                await asyncio.wait_for(self._died.wait(), self.health_interval)
            except TimeoutError:
                if await self._healthy():
                    failures = 0
                    continue
                failures += 1
                if failures < 3:
                    continue
                log.warning("offline engine stopped answering; restarting it")
            else:
                log.warning("offline engine process exited (code %s); restarting it",
                            self._process.poll() if self._process else None)
            failures = 0
            try:
                await self._restart()
                backoff = 1.0
            except (EngineStartError, OSError) as exc:
                log.error("offline engine restart failed: %s", exc)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def _restart(self) -> None:
        old, self._process = self._process, None
        if old is not None:
            await asyncio.to_thread(_end, old)
        port = int(self.base_url.rsplit(":", 1)[1].split("/", 1)[0]) if self.base_url else 0
        try:
            url = await self._spawn(port)  # same port: the client keeps its URL
        except EngineStartError:
            url = await self._spawn(0)
        if url != self.base_url:
            self.base_url = url
            if self.on_url_changed is not None:
                self.on_url_changed(url)
        self.restarts += 1
        self._restarted.set()

    async def _healthy(self) -> bool:
        if not self.running:
            return False
        try:
            async with httpx.AsyncClient(timeout=5.0) as client:
                answer = await client.get(self.base_url + "/balance",
                                          headers={"Authorization": f"Bearer {HEALTH_TOKEN}"})
            return answer.status_code == 200
        except httpx.HTTPError:
            return False


def _popen(argv: list[str]) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    root = str(Path(__file__).resolve().parents[2])  # so ``-m studio.offline`` finds this tree
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console window
    return subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, creationflags=flags)


def _read_stdout(process: subprocess.Popen[str], url: concurrent.futures.Future[str],
                 on_exit: Callable[[], None]) -> None:
    assert process.stdout is not None
    with process.stdout:
        for line in process.stdout:
            match = URL_LINE.search(line)
            if match and not url.done():
                url.set_result(match.group(1))
            elif line.strip():
                log.info("%s", line.rstrip())
    on_exit()


def _forward_stderr(process: subprocess.Popen[str]) -> None:
    assert process.stderr is not None
    with process.stderr:
        for line in process.stderr:
            level_name, _, rest = line.rstrip().partition(" ")
            level = LEVELS.get(level_name)
            if level is None:
                log.warning("%s", line.rstrip())
            else:
                log.log(level, "%s", rest)


def _end(process: subprocess.Popen[str]) -> None:
    """Ask politely (stdin closes), then terminate, then kill."""
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    for step in (process.terminate, process.kill):
        try:
            process.wait(timeout=3)
            return
        except subprocess.TimeoutExpired:
            step()
    process.wait()

