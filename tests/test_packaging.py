"""Desktop integration files: they name the icon that ships, agree on one id, and pass the
freedesktop validators (skipped where the validators are not installed; CI installs them)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PIL import Image

from studio.assets import APP_ID, ICON_SIZES, icon_files, resource_path

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
MIME = PACKAGING / "pixel-studio-mime.xml"


def test_icon_pngs_have_every_size_and_the_svg_exists() -> None:
    pngs = [p for p in icon_files() if p.suffix == ".png"]
    sizes = []
    for path in pngs:
        with Image.open(path) as image:
            assert image.width == image.height
            sizes.append(image.width)
    assert sizes == list(ICON_SIZES)
    svg = ET.parse(resource_path("icons", f"{APP_ID}.svg")).getroot()
    assert svg.get("viewBox") == "0 0 16 16"


def test_desktop_entry_metainfo_and_mime_type_agree() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Icon"] == APP_ID
    assert "application/x-pxstudio" in desktop["MimeType"].split(";")
    info = ET.parse(METAINFO).getroot()
    assert info.findtext("id") == APP_ID
    assert info.findtext("launchable") == DESKTOP.name
    assert info.findtext("icon") == APP_ID
    assert "pixel-studio" in [b.text for b in info.iter("binary")]
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(MIME).getroot().find("m:mime-type", ns)
    assert mime.get("type") == "application/x-pxstudio"
    assert mime.find("m:glob", ns).get("pattern") == "*.pxstudio"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return path


def test_desktop_file_validate_passes() -> None:
    result = subprocess.run([_tool("desktop-file-validate"), str(DESKTOP)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_appstream_metainfo_validates_pedantic() -> None:
    result = subprocess.run([_tool("appstreamcli"), "validate", "--pedantic", "--no-net",
                             str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mime_database_learns_the_project_type(tmp_path: Path) -> None:
    (tmp_path / "packages").mkdir()
    shutil.copy(MIME, tmp_path / "packages")
    subprocess.run([_tool("update-mime-database"), str(tmp_path)], capture_output=True,
                   check=True)
    assert "*.pxstudio" in (tmp_path / "globs2").read_text()


def test_metainfo_screenshots_are_in_the_repository_at_their_declared_size() -> None:
    images = list(ET.parse(METAINFO).getroot().iter("image"))
    assert images
    for image in images:
        local = ROOT / image.text.split("/main/", 1)[1]
        with Image.open(local) as shot:
            assert shot.size == (int(image.get("width")), int(image.get("height")))
