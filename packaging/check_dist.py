"""Build the wheel and the sdist and check what they carry (used by .ci/run).

``python packaging/check_dist.py OUTDIR``: the wheel must hold every file under
studio/resources (icons, palettes) and the licence; the sdist must also hold packaging/,
docs/ and tests/. Prints the wheel's path for the next step (a fresh venv from it).
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def expected_resources() -> set[str]:
    folder = ROOT / "studio" / "resources"
    return {p.relative_to(ROOT).as_posix() for p in folder.rglob("*") if p.is_file()}


def check_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    missing = expected_resources() - names
    if missing:
        sys.exit(f"the wheel lacks {sorted(missing)}")
    if not any(n.endswith("licenses/LICENSE") for n in names):
        sys.exit("the wheel carries no LICENSE")
    if any(n.startswith("tests/") for n in names):
        sys.exit("the wheel must not carry the tests")


def check_sdist(sdist: Path) -> None:
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    wanted = {"LICENSE", "packaging/pixel-studio.spec", "packaging/build.sh",
              "docs/contracts.md", "tests/test_layering.py", "tests/cli/test_batch_cli.py"}
    wanted |= expected_resources()
    missing = wanted - names
    if missing:
        sys.exit(f"the sdist lacks {sorted(missing)}")


def main(outdir: Path) -> None:
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(outdir), str(ROOT)],
                   check=True, stdout=subprocess.DEVNULL)
    wheel = next(outdir.glob("pixel_studio-*.whl"))
    sdist = next(outdir.glob("pixel_studio-*.tar.gz"))
    check_wheel(wheel)
    check_sdist(sdist)
    print(wheel)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
