"""Backend choice: offline engine without a token, the live service with one."""

from __future__ import annotations

import asyncio
import logging

import pytest

from studio.backend import OFFLINE, ONLINE, choose_offline, open_backend
from studio.core.settings import AppSettings, SettingsStore, TokenStore


def test_offline_is_chosen_without_token_or_when_forced() -> None:
    settings = AppSettings()
    assert choose_offline(settings, None)
    assert choose_offline(settings, "")
    assert not choose_offline(settings, "a-real-looking-token-1234")
    assert choose_offline(settings, "a-real-looking-token-1234", force_offline=True)
    settings.offline_engine = True
    assert choose_offline(settings, "a-real-looking-token-1234")


async def test_offline_backend_serves_the_same_api_over_loopback(tmp_path) -> None:
    backend = await open_backend(settings_store=SettingsStore(tmp_path / "cfg"),
                                 token_store=TokenStore(tmp_path / "cfg", keyring=None),
                                 library_dir=tmp_path / "lib")
    try:
        assert backend.name == OFFLINE and backend.is_offline
        assert backend.client.base_url.startswith("http://127.0.0.1:")
        balance = await backend.client.get_balance()
        assert balance.usd is not None
    finally:
        await backend.aclose()


async def test_online_backend_uses_the_token_and_configured_url(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PIXELLAB_API_TOKEN", "0123456789abcdef-test-token")
    backend = await open_backend(settings_store=SettingsStore(tmp_path / "cfg"),
                                 token_store=TokenStore(tmp_path / "cfg", keyring=None),
                                 library_dir=tmp_path / "lib")
    try:
        assert backend.name == ONLINE and backend.server is None
        assert backend.client.base_url == "https://api.pixellab.ai/v2"
    finally:
        await backend.aclose()


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/v2"])
async def test_base_url_from_environment_wins(tmp_path, monkeypatch, url) -> None:
    monkeypatch.setenv("PIXELLAB_API_TOKEN", "0123456789abcdef-test-token")
    monkeypatch.setenv("PIXELLAB_BASE_URL", url)
    backend = await open_backend(settings_store=SettingsStore(tmp_path / "cfg"),
                                 token_store=TokenStore(tmp_path / "cfg", keyring=None),
                                 library_dir=tmp_path / "lib")
    try:
        assert backend.client.base_url == url.rstrip("/")
    finally:
        await backend.aclose()


async def test_offline_engine_is_a_separate_process_and_survives_being_killed(tmp_path,
                                                                              caplog) -> None:
    import os
    import signal

    from studio.api.requests import PixfluxRequest
    from studio.core.jobs.queue import JobState
    from studio.offline.process import ENGINE_NICE

    backend = await open_backend(settings_store=SettingsStore(tmp_path / "cfg"),
                                 token_store=TokenStore(tmp_path / "cfg", keyring=None),
                                 library_dir=tmp_path / "lib", job_seconds=0.1)
    try:
        engine = backend.server
        first_pid = engine.pid
        assert first_pid is not None and first_pid != os.getpid() and engine.running
        assert (tmp_path / "lib" / "offline-engine").is_dir()  # --data-dir was passed
        if hasattr(os, "getpriority"):  # it yields the CPU to the studio's window
            own = os.getpriority(os.PRIO_PROCESS, 0)
            assert os.getpriority(os.PRIO_PROCESS, first_pid) == min(19, own + ENGINE_NICE)
        restarted = asyncio.ensure_future(engine.wait_restarted())
        await asyncio.sleep(0)
        caplog.set_level(logging.INFO, logger="studio.offline.engine")
        os.kill(first_pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        await asyncio.wait_for(restarted, 60)
        assert engine.running and engine.pid != first_pid and engine.restarts == 1
        if hasattr(os, "getpriority"):  # the restarted one too
            assert os.getpriority(os.PRIO_PROCESS, engine.pid) == min(19, own + ENGINE_NICE)
        job = backend.queue.submit(PixfluxRequest(description="coin", image_size=(32, 32)))
        await asyncio.wait_for(backend.queue.join(), 60)
        assert job.state is JobState.DONE, job.error
        assert len(backend.library.results_for_job(job.id)) == 1
        # the child's own log lines arrive in this process's log
        assert any("offline engine serving at" in r.getMessage() for r in caplog.records)
    finally:
        await backend.aclose()
    assert not engine.running  # stopped with the backend
