"""Build Handoff for the OS this runs on, into ``dist/``.

    uv run --group packaging python packaging/build.py [--no-installer]

* Linux:   ``dist/handoff/`` (one folder; ``dist/handoff/handoff`` runs the app and the CLI;
  ``dist/handoff/share/install-user.sh`` installs it for the current user)
* Windows: ``dist/handoff/`` with ``handoff.exe`` (windowed) and ``handoff-cli.exe``
  (console), then ``dist/Handoff-<version>-setup.exe`` when Inno Setup's ``iscc`` is
  found (on PATH or in its usual folder); the exe version resource comes from
  ``__version__`` (written by the spec).
* macOS:   ``dist/Handoff.app`` and ``dist/Handoff-<version>-macos.zip``.

Prints the bundle's size.  The build folder is ``build/pyinstaller``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

import appmeta

ROOT = appmeta.ROOT
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
SPEC = Path(__file__).resolve().parent / "handoff.spec"
ISS = Path(__file__).resolve().parent / "windows" / "handoff.iss"


def tree_size(folder: Path) -> tuple[int, int]:
    """Bytes and files under ``folder`` (symbolic links count as nothing)."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            files += 1
    return total, files


def pyinstaller() -> None:
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)],
        cwd=ROOT,
        check=True,
    )  # fmt: skip


def find_iscc() -> Path | None:
    found = shutil.which("iscc")
    if found:
        return Path(found)
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        candidate = Path(base or "C:/missing") / "Inno Setup 6" / "ISCC.exe"
        if candidate.is_file():
            return candidate
    return None


def windows_installer() -> Path | None:
    iscc = find_iscc()
    if iscc is None:
        print("build: Inno Setup (iscc) not found: no installer, the folder is in dist/handoff")
        return None
    subprocess.run(
        [str(iscc), "/Qp", f"/DAppVersion={appmeta.version()}",
         f"/DAppVersionNumeric={'.'.join(map(str, appmeta.version_tuple()))}",
         f"/DBundleDir={DIST / appmeta.NAME}", f"/DOutputDir={DIST}",
         f"/DIconFile={appmeta.ICONS / 'handoff.ico'}", str(ISS)],
        check=True,
    )  # fmt: skip
    return DIST / f"{appmeta.app_name()}-{appmeta.version()}-setup.exe"


LINUX_FILES = ("handoff.desktop", "handoff-open.desktop", "handoff-mime.xml", "install-user.sh")


def linux_share(bundle: Path) -> None:
    """Put the desktop files, the MIME type and install-user.sh in ``<bundle>/share``."""
    share = bundle / "share"
    share.mkdir(exist_ok=True)
    for name in LINUX_FILES:
        shutil.copy2(Path(__file__).resolve().parent / "linux" / name, share / name)


def macos_zip() -> Path:
    """The .app zipped with ditto, which keeps its symlinks and extended attributes."""
    app = DIST / f"{appmeta.app_name()}.app"
    archive = DIST / f"{appmeta.app_name()}-{appmeta.version()}-macos.zip"
    archive.unlink(missing_ok=True)
    subprocess.run(
        ["/usr/bin/ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(app), str(archive)],
        check=True,
    )
    return archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-installer", action="store_true", help="Windows/macOS: stop after PyInstaller"
    )
    args = parser.parse_args()
    pyinstaller()
    bundle = DIST / appmeta.NAME
    if sys.platform.startswith("linux"):
        linux_share(bundle)
    if sys.platform == "darwin":
        bundle = DIST / f"{appmeta.app_name()}.app"
    size, files = tree_size(bundle)
    print(f"build: {bundle} {size / 2**20:.1f} MiB in {files} files (handoff {appmeta.version()})")
    if args.no_installer:
        return 0
    artifact = None
    if sys.platform == "win32":
        artifact = windows_installer()
    elif sys.platform == "darwin":
        artifact = macos_zip()
    if artifact is not None:
        print(f"build: {artifact} {artifact.stat().st_size / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
