"""The backend the commands send to: PixelLab with the studio's token (environment, keyring or
token file, as the app finds it), else the offline engine; ``--offline`` forces the engine."""

from __future__ import annotations

import argparse
import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

from studio.backend import Backend, choose_offline, library_folder, open_backend
from studio.cli.exit_codes import CommandError

OFFLINE_JOB_SECONDS = 0.2  # no window to watch: the offline engine need not look slow
LOCAL_POLL_SECONDS = 0.25


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def open_cli_backend(args: argparse.Namespace) -> Backend:
    try:
        backend = await open_backend(force_offline=bool(args.offline), library_dir=args.library,
                                     job_seconds=OFFLINE_JOB_SECONDS)
    except Exception as exc:  # noqa: BLE001 - any start-up failure ends the command plainly
        raise CommandError(f"the generation backend did not start ({exc}); try --offline, "
                           "or check the token and PIXELLAB_BASE_URL") from None
    if is_loopback(backend.client.base_url):
        # an engine on this machine (e.g. `python -m studio.offline`) answers at once
        backend.queue.poll_interval = LOCAL_POLL_SECONDS
    return backend


def will_be_offline(args: argparse.Namespace) -> bool:
    """Which backend a run would use, without starting anything (for --dry-run)."""
    from studio.core.settings import SettingsStore, TokenStore

    return choose_offline(SettingsStore().load(), TokenStore().get().token, bool(args.offline))



def library_path(args: argparse.Namespace) -> Path:
    from studio.core.settings import SettingsStore

    return library_folder(SettingsStore().load(), args.library)
