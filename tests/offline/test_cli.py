"""``python -m studio.offline`` as a real process on loopback."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx
import pytest

from studio.offline.__main__ import parse_args


def test_module_runs_a_server_and_prints_its_url() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "studio.offline", "--port", "0", "--latency", "0.05",
         "--job-seconds", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, process.stderr.read() if process.poll() else line
        url = line.split()[4]
        assert url.endswith("/v2")
        start = time.monotonic()
        response = httpx.get(url + "/balance", headers={"Authorization": "Bearer t"}, timeout=10)
        assert response.status_code == 200
        assert time.monotonic() - start >= 0.05  # --latency is applied
        job = httpx.post(url + "/create-isometric-tile", headers={"Authorization": "Bearer t"},
                         json={"description": "x", "image_size": {"width": 16, "height": 16}})
        tile = httpx.get(f"{url}/isometric-tiles/{job.json()['tile_id']}",
                         headers={"Authorization": "Bearer t"})
        assert tile.status_code == 200  # --job-seconds 0: ready at once
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("argv", [["--latency", "-1"], ["--job-seconds", "-2"],
                                  ["--port", "70000"], ["--nice", "-3"], ["--nice", "40"]])
def test_bad_arguments_are_rejected(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(argv)


def test_server_context_manager_starts_and_stops() -> None:
    from studio.offline.server import OfflineServer

    server = OfflineServer(latency=0.0, job_seconds=0.0)
    with server as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/v2")
        assert server.start() == url  # starting twice is harmless
        assert httpx.get(url + "/balance", headers={"Authorization": "Bearer t"}).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/balance", headers={"Authorization": "Bearer t"}, timeout=2)
    server.stop()  # stopping twice is harmless too


def test_data_dir_is_created_and_given_to_the_engine(tmp_path) -> None:
    from studio.offline.app import create_app

    assert parse_args(["--data-dir", str(tmp_path / "d")]).data_dir == tmp_path / "d"
    assert create_app(data_dir=tmp_path / "d").state.data_dir == tmp_path / "d"
    assert create_app().state.data_dir is None


def test_engine_stops_when_its_stdin_closes(tmp_path) -> None:
    folder = tmp_path / "engine-data" / "nested"
    process = subprocess.Popen(
        [sys.executable, "-m", "studio.offline", "--data-dir", str(folder),
         "--stop-on-stdin-close"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, process.stderr.read() if process.poll() else line
        assert folder.is_dir()
        process.stdin.close()  # what happens when the studio exits or dies
        assert process.wait(timeout=15) == 0
        assert "offline engine stopped" in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
