"""The packaging definitions say what the docs promise, from one version and one icon.

The frozen build itself is smoke-tested by ``.ci/run`` (``packaging/smoke_test.py``):
it needs the minutes-long PyInstaller build.  These checks read the definitions:
the version comes from ``handoff.__version__`` only, the Windows installer is per
user with an uninstaller and the zip association, the Linux desktop files and MIME
type work for real in a throw-away home, the icons exist at every promised size,
and the bundle keeps the Qt pieces the app uses.
"""

from __future__ import annotations

import ast
import configparser
import fnmatch
import importlib.util
import os
import plistlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest
from PIL import Image

from handoff import APP_NAME, __version__
from tests.helpers.environment import require

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"
ISS = PACKAGING / "windows" / "handoff.iss"
LINUX = PACKAGING / "linux"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def load(name: str) -> ModuleType:
    """A module of packaging/ by path: ``packaging`` is also a PyPI package's name."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


appmeta = load("appmeta")
prune = load("prune")


def desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


# -- one version ---------------------------------------------------------------


def test_packaging_reads_the_version_and_name_from_the_package() -> None:
    assert appmeta.version() == __version__
    assert appmeta.app_name() == APP_NAME
    assert appmeta.version_tuple()[: len(__version__.split("."))] == tuple(
        int(part) for part in __version__.split(".")
    )


def test_no_packaging_file_holds_a_second_copy_of_the_version() -> None:
    files = [
        *PACKAGING.rglob("*.*"),
        *(ROOT / ".github").rglob("*.yml"),
        ROOT / ".ci" / "run",
    ]
    literal = re.compile(rf"(?<![\d.]){re.escape(__version__)}(?![\d.])")
    copies = [
        str(path.relative_to(ROOT))
        for path in files
        if path.is_file()
        and path.suffix not in {".pyc"}
        and literal.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert copies == []


def test_the_spec_takes_version_icon_and_plist_from_appmeta() -> None:
    spec = (PACKAGING / "handoff.spec").read_text(encoding="utf-8")
    assert "version=appmeta.version()" in spec
    assert "info_plist=appmeta.info_plist()" in spec
    assert "appmeta.windows_version_info()" in spec
    assert '"handoff.ico"' in spec and '"handoff.icns"' in spec
    assert '(str(ROOT / "resources"), "resources")' in spec, "resources/ at the same place"


def test_the_windows_version_resource_carries_the_package_version() -> None:
    text = appmeta.windows_version_info()
    tree = ast_call(text)
    assert tree == "VSVersionInfo"
    numbers = appmeta.version_tuple()
    assert f"filevers={numbers}" in text and f"prodvers={numbers}" in text
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert f"StringStruct('FileVersion', '{__version__}')" in text


def ast_call(text: str) -> str:
    """The function called by a Python expression (the format PyInstaller evaluates)."""
    node = ast.parse(text, mode="eval").body
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    return node.func.id


# -- macOS -----------------------------------------------------------------------


def test_the_macos_plist_is_valid_and_registers_packages_and_zips() -> None:
    plist = plistlib.loads(plistlib.dumps(appmeta.info_plist()))
    assert plist["CFBundleShortVersionString"] == __version__
    assert plist["CFBundleVersion"] == __version__
    assert plist["NSHighResolutionCapable"] is True
    by_type = {tuple(doc["LSItemContentTypes"]): doc for doc in plist["CFBundleDocumentTypes"]}
    assert by_type[("public.zip-archive",)]["LSHandlerRank"] == "Alternate"
    assert by_type[(appmeta.PACKAGE_UTI,)]["LSHandlerRank"] == "Owner"
    (exported,) = plist["UTExportedTypeDeclarations"]
    assert exported["UTTypeIdentifier"] == appmeta.PACKAGE_UTI
    assert "public.zip-archive" in exported["UTTypeConformsTo"]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["handoff.zip"]


# -- Windows ---------------------------------------------------------------------


def iss_setup() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    section = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    return dict(
        line.split("=", 1)
        for line in section.splitlines()
        if "=" in line and not line.startswith(";")
    )


def test_the_installer_is_per_user_with_uninstaller_and_start_menu_entry() -> None:
    setup = iss_setup()
    text = ISS.read_text(encoding="utf-8")
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup, "never offers an all-users install"
    assert setup["DefaultDirName"].startswith("{userpf}")
    assert setup["AppVersion"] == "{#AppVersion}"
    assert "#error" in text.split("#ifndef AppVersion", 1)[1].split("#endif", 1)[0]
    assert setup["UninstallDisplayIcon"] == "{app}\\{#AppExe}"
    assert setup.get("Uninstallable", "yes") == "yes"
    assert setup["ChangesAssociations"] == "yes"
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}\\\{#AppExe\}"',
                     text, re.M)  # fmt: skip
    assert f'#define AppExe "{appmeta.NAME}.exe"' in text


def test_the_installer_offers_open_with_handoff_for_zips_under_hkcu_only() -> None:
    registry = ISS.read_text(encoding="utf-8").split("[Registry]", 1)[1].split("\n[", 1)[0]
    entries = [line for line in registry.splitlines() if line.startswith("Root:")]
    assert entries and all(line.startswith("Root: HKCU;") for line in entries)
    assert any(r'Subkey: "Software\Classes\.zip\OpenWithProgids"' in line
               and 'ValueName: "{#ProgId}"' in line and "uninsdeletevalue" in line
               for line in entries)  # fmt: skip
    commands = [line for line in entries if line.rstrip().endswith('open ""%1"""')]
    assert len(commands) == 3, "ProgID, context-menu verb and Applications key all run `open`"
    assert any('ValueData: "Open with Handoff"' in line for line in entries)
    subkey = re.compile(r'Subkey: "([^"]+)"')
    removed = [subkey.search(line)[1] + "\\" for line in entries  # type: ignore[index]
               if "uninsdeletekey" in line]  # fmt: skip
    left_behind = [line for line in entries if "uninsdeletevalue" not in line
                   and not (subkey.search(line)[1] + "\\").startswith(tuple(removed))]  # type: ignore[index]  # fmt: skip
    assert left_behind == [], "the uninstaller removes every key and value it wrote"
    assert not re.search(r'Subkey: "Software\\Classes\\\.zip"; ValueType: string', registry), (
        "the default zip handler is never taken over"
    )


def test_build_passes_the_installer_its_version_and_the_bundle() -> None:
    build = (PACKAGING / "build.py").read_text(encoding="utf-8")
    assert 'f"/DAppVersion={appmeta.version()}"' in build
    assert "/DBundleDir=" in build


# -- Linux -----------------------------------------------------------------------


def test_the_desktop_files_launch_the_app_and_open_packages() -> None:
    menu = desktop_entry(LINUX / "handoff.desktop")
    opener = desktop_entry(LINUX / "handoff-open.desktop")
    assert menu["Exec"] == appmeta.NAME, "from the menu: no file, so no `open`"
    assert menu["Icon"] == opener["Icon"] == "handoff"
    assert menu["Name"] == APP_NAME
    assert opener["Exec"] == f"{appmeta.NAME} open %f"
    assert opener["MimeType"] == f"{appmeta.MIME_TYPE};"
    assert opener["NoDisplay"] == "true", "one menu entry; this one only serves Open With"


@pytest.mark.parametrize("name", ["handoff.desktop", "handoff-open.desktop"])
def test_the_desktop_files_validate(name: str) -> None:
    validator = shutil.which("desktop-file-validate")
    require(validator is not None, "desktop-file-validate is not installed (desktop-file-utils)")
    assert validator is not None
    done = subprocess.run([validator, str(LINUX / name)], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_the_mime_glob_claims_handoff_packages_and_not_other_zips() -> None:
    root = ElementTree.parse(LINUX / "handoff-mime.xml").getroot()  # noqa: S314 - our own file
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == appmeta.MIME_TYPE
    globs = [glob.get("pattern", "") for glob in mime.findall(f"{MIME_NS}glob")]
    assert [g for g in globs if fnmatch.fnmatch("T-20418-20261127-1029.handoff.zip", g)]
    assert not [g for g in globs if fnmatch.fnmatch("photos.zip", g)]
    assert mime.find(f"{MIME_NS}sub-class-of").get("type") == "application/zip"  # type: ignore[union-attr]


# -- icons -----------------------------------------------------------------------


def test_icons_exist_at_every_promised_size() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256):
        with Image.open(ICONS / f"handoff-{size}.png") as png:
            assert png.size == (size, size) and png.mode == "RGBA"
    with Image.open(ICONS / "handoff.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ICONS / "handoff.icns") as icns:
        assert icns.size == (1024, 1024)
    assert (ICONS / "handoff.svg").is_file(), "the one source the others are rendered from"


@pytest.mark.slow
def test_committed_icons_match_a_fresh_render_of_the_svg() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(PACKAGING / "make_icons.py"), "--check"],
                          capture_output=True, text=True, env=env, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr


# -- what the bundle keeps ---------------------------------------------------------


def test_every_qt_module_the_app_imports_is_bundled() -> None:
    imported = set()
    for source in (ROOT / "desktop" / "handoff").rglob("*.py"):
        imported |= set(re.findall(r"\bPySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    assert imported <= set(prune.QT_MODULES_USED), "add the module to QT_MODULES_USED"
    excluded = {name.removeprefix("PySide6.") for name in prune.EXCLUDED_MODULES}
    assert not excluded & set(prune.QT_MODULES_USED)
    assert '"PySide6.QtNetwork"' in (PACKAGING / "handoff.spec").read_text(encoding="utf-8")


def test_pruning_keeps_the_plugins_the_app_needs_and_drops_the_rest() -> None:
    plugins = "PySide6/Qt/plugins"
    kept = [f"{plugins}/platforms/libqxcb.so", f"{plugins}/platforms/libqoffscreen.so",
            f"{plugins}/platforms/qwindows.dll", f"{plugins}/imageformats/libqjpeg.so",
            f"{plugins}/imageformats/qico.dll", f"{plugins}/styles/qmodernwindowsstyle.dll",
            f"{plugins}/platformthemes/libqxdgdesktopportal.so",
            "PySide6/Qt/lib/libQt6Network.so.6", "PySide6/Qt6Widgets.dll"]  # fmt: skip
    dropped = [f"{plugins}/imageformats/libqpdf.so", f"{plugins}/imageformats/qsvg.dll",
               f"{plugins}/platforms/libqwayland.so", f"{plugins}/platforms/libqeglfs.so",
               f"{plugins}/platformthemes/libqgtk3.so", f"{plugins}/iconengines/libqsvgicon.so",
               "PySide6/Qt/lib/libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Quick.so.6",
               "PySide6/Qt6Qml.dll"]  # fmt: skip
    links = [("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
             ("libQt6Network.so.6", "PySide6/Qt/lib/libQt6Network.so.6", "SYMLINK")]  # fmt: skip
    binaries = [(name, f"/src/{name}", "BINARY") for name in kept + dropped]
    datas = [("PySide6/Qt/translations/qtbase_de.qm", "/src/a", "DATA"),
             ("PySide6/Qt/translations/qtdeclarative_de.qm", "/src/b", "DATA"), *links]  # fmt: skip

    left, left_data = prune.prune(binaries, datas, linux=False)

    assert [entry[0] for entry in left] == kept
    assert [entry[0] for entry in left_data] == [
        "PySide6/Qt/translations/qtbase_de.qm",
        "libQt6Network.so.6",
    ], "other Qt catalogues and links to dropped libraries go"


# -- install-user.sh, for real ------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "home"
    folder.mkdir()
    env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / ".local/share"),
           "XDG_CONFIG_HOME": str(folder / ".config")}  # fmt: skip
    for name in ("XDG_DATA_DIRS", "XDG_CURRENT_DESKTOP", "DESKTOP_SESSION"):
        env.pop(name, None)
    return env


def fake_bundle(tmp_path: Path) -> Path:
    """A one-folder bundle shaped like dist/handoff whose `handoff` echoes its arguments."""
    bundle = tmp_path / "dist" / "handoff"
    shutil.copytree(ICONS, bundle / "_internal" / "resources" / "icons")
    exe = bundle / "handoff"
    exe.write_text('#!/bin/sh\necho "fake handoff $*"\n', encoding="utf-8")
    exe.chmod(0o755)
    return bundle


def which(name: str) -> str:
    found = shutil.which(name)
    assert found is not None, f"{name} is not installed"
    return found


def run_script(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([which("sh"), str(LINUX / "install-user.sh"), *args], env=env,
                          capture_output=True, text=True, check=False, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def content_type(path: Path, env: dict[str, str]) -> str:
    argv = [which("gio"), "info", "-a", "standard::content-type", str(path)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip().rsplit(" ", 1)[-1]


@pytest.mark.slow
def test_install_user_registers_app_mime_type_and_icons_then_uninstalls(
    tmp_path: Path, home: dict[str, str]
) -> None:
    tools = ("update-mime-database", "update-desktop-database", "xdg-mime", "gio")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    require(not missing, f"{missing} not installed (shared-mime-info, desktop-file-utils, "
                         "xdg-utils, libglib2.0-bin)")  # fmt: skip
    bundle = fake_bundle(tmp_path)
    base = Path(home["HOME"])
    data = Path(home["XDG_DATA_HOME"])

    run_script(str(bundle), env=home)

    opt = base / ".local/opt/handoff"
    link = base / ".local/bin/handoff"
    assert link.is_symlink() and link.resolve() == (opt / "handoff").resolve()
    ran = subprocess.run([str(link), "open", "x.handoff.zip"], capture_output=True, text=True,
                         check=True)  # fmt: skip
    assert ran.stdout.strip() == "fake handoff open x.handoff.zip"
    opener = desktop_entry(data / "applications/handoff-open.desktop")
    assert opener["Exec"] == f"{opt}/handoff open %f", "absolute: ~/.local/bin may not be on PATH"
    assert desktop_entry(data / "applications/handoff.desktop")["Exec"] == f"{opt}/handoff"
    for size in (16, 48, 256):
        assert (data / f"icons/hicolor/{size}x{size}/apps/handoff.png").is_file()
    package = tmp_path / "T-1-20261127-1029.handoff.zip"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("manifest.json", "{}")
    plain_zip = tmp_path / "photos.zip"
    shutil.copy(package, plain_zip)
    assert content_type(package, home) == appmeta.MIME_TYPE
    assert content_type(plain_zip, home) == "application/zip"
    default = subprocess.run([which("xdg-mime"), "query", "default", appmeta.MIME_TYPE], env=home,
                             capture_output=True, text=True, check=True)  # fmt: skip
    assert default.stdout.strip() == "handoff-open.desktop"
    assert appmeta.MIME_TYPE in (data / "applications/mimeinfo.cache").read_text(encoding="utf-8")

    run_script("--uninstall", env=home)

    assert not opt.exists() and not link.exists()
    assert not (data / "applications/handoff-open.desktop").exists()
    assert not (data / "mime/packages/handoff.xml").exists()
    assert content_type(package, home) == "application/zip", "the MIME type is gone"


def test_install_user_refuses_a_folder_that_is_no_bundle(
    tmp_path: Path, home: dict[str, str]
) -> None:
    done = subprocess.run([which("sh"), str(LINUX / "install-user.sh"), str(tmp_path)], env=home,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 2
    assert "is not a Handoff bundle" in done.stderr
    assert not (Path(home["HOME"]) / ".local").exists(), "nothing installed"
