"""``pixel-studio batch`` and ``generate`` in a subprocess against the offline engine: a
20-request recipe survives Ctrl+C and a kill, resumes without a second POST, prints its cost."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.cli.conftest import CountingEngine, run_cli, start_cli

ENDPOINT = "create-isometric-tile"
CONCURRENCY = 8  # the studio's default service concurrency


def write_recipe(folder: Path, count: int = 20) -> Path:
    lines = ['out = "tiles"', 'tool = "isometric-tile"', 'size = "32x32"', ""]
    for i in range(count):
        lines += ["[[request]]", f'name = "tile{i:02d}"', f'description = "grass block {i}"',
                  ""]
    path = folder / "recipe.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def read_until_sent(process: subprocess.Popen[str], count: int) -> list[str]:
    """Lines of the running batch until ``count`` requests were sent (event-driven)."""
    lines: list[str] = []
    while sum("sent, waiting" in line for line in lines) < count:
        line = process.stdout.readline()
        assert line, f"the batch ended early: {lines} {process.stderr.read()}"
        lines.append(line)
    return lines


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, _err = process.communicate(timeout=60)
    return process.returncode, out


def check_all_written(folder: Path, count: int = 20) -> None:
    files = sorted((folder / "tiles").glob("*.png"))
    assert [f.stem for f in files] == [f"tile{i:02d}" for i in range(count)]
    with Image.open(files[0]) as image:
        assert image.size == (32, 32)


@pytest.mark.parametrize("stop", ["sigint", "kill"])
def test_recipe_resumes_after_an_interruption_without_a_second_post(
        tmp_path: Path, cli_env: dict[str, str], counting_engine: CountingEngine,
        stop: str) -> None:
    recipe = write_recipe(tmp_path)
    env = counting_engine.env(cli_env)
    first = start_cli(["batch", str(recipe)], env, tmp_path)
    # The first CONCURRENCY requests go out at once; the next waits for a finished job.
    read_until_sent(first, CONCURRENCY)
    if stop == "sigint":
        first.send_signal(signal.SIGINT)
        code, out = finish(first)
        assert code == 3, out
        assert "Interrupted. Run the same command again to resume" in out
    else:
        first.kill()
        first.wait(timeout=30)
    sent_before = counting_engine.posts[ENDPOINT]
    assert CONCURRENCY <= sent_before < 20

    second = run_cli(["batch", str(recipe)], env, tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert counting_engine.posts[ENDPOINT] == 20  # every request POSTed exactly once
    assert f"Finished 20 of 20 ({20 - sent_before} sent in this run" in second.stdout
    assert "Total cost: $0.2000 for 20 request(s)" in second.stdout
    check_all_written(tmp_path)

    third = run_cli(["batch", str(recipe)], env, tmp_path)  # nothing left: nothing sent
    assert third.returncode == 0
    assert "(0 sent in this run, 0 resumed, 20 already done)" in third.stdout
    assert counting_engine.posts[ENDPOINT] == 20


def test_dry_run_prints_expected_cost_and_sends_nothing(
        tmp_path: Path, cli_env: dict[str, str], counting_engine: CountingEngine) -> None:
    recipe = write_recipe(tmp_path, count=3)
    env = counting_engine.env(cli_env)
    dry = run_cli(["batch", str(recipe), "--dry-run"], env, tmp_path)
    assert dry.returncode == 0, dry.stderr
    # the listed price of a 32x32 isometric tile is $0.016
    assert "Expected cost: $0.0480 for 3 request(s) to PixelLab (0 already done)" in dry.stdout
    assert "Dry run: nothing was sent." in dry.stdout
    assert counting_engine.posts[ENDPOINT] == 0

    assert run_cli(["batch", str(recipe)], env, tmp_path).returncode == 0
    again = run_cli(["batch", str(recipe), "--dry-run"], env, tmp_path)
    assert "Expected cost: $0.0000 for 0 request(s) to PixelLab (3 already done)" in again.stdout
    assert again.stdout.count("already done, not sent again") == 3
    assert counting_engine.posts[ENDPOINT] == 3
    offline = run_cli(["batch", str(recipe), "--dry-run", "--offline"], env, tmp_path)
    assert "to the offline engine (free)" in offline.stdout


def test_generate_with_variants_on_the_offline_engine(tmp_path: Path,
                                                      cli_env: dict[str, str]) -> None:
    result = run_cli(["generate", "pixflux", "--description", "a red potion", "--size", "32x32",
                      "--variants", "3", "--out", "gen", "--offline"], cli_env, tmp_path)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "gen").glob("*.png"))
    assert files == ["a-red-potion_1.png", "a-red-potion_2.png", "a-red-potion_3.png"]
    pixels = [Image.open(tmp_path / "gen" / f).convert("RGBA").tobytes() for f in files]
    assert len(set(pixels)) == 3  # three seeds, three different pictures
    assert "Total cost: $0.0000 for 3 request(s)" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["generate", "nosuchtool", "--offline"], "unknown tool 'nosuchtool'"),
    (["generate", "pixflux", "--description", "x", "--size", "9999x9"], "image_size.width"),
    (["generate", "pixflux", "--description", "x", "--size", "big"], "not WIDTHxHEIGHT"),
    (["batch", "missing.toml"], "cannot read the recipe"),
])
def test_bad_generation_options_exit_2_with_a_plain_message(
        tmp_path: Path, cli_env: dict[str, str], args: list[str], message: str) -> None:
    result = run_cli(args, cli_env, tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
