"""What the frozen bundle leaves out: Qt modules and plugins Handoff never uses.

PyInstaller collects every Qt plugin family of the modules it finds (for QtGui:
image formats, platform themes, input contexts, Wayland, EGL ...) and whatever
those plugins link against.  The spec passes its Analysis lists through
:func:`binaries` and :func:`datas`; each rule here names what it drops and why,
and ``benchmarks/bench_frozen.py`` shows what is left.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtNetwork")
"""QtNetwork: the single-instance lock (QLocalServer).  No QtSvg: the icons ship as PNGs."""

_UNUSED_QT = (
    "3DAnimation",
    "3DCore",
    "3DExtras",
    "3DInput",
    "3DLogic",
    "3DRender",
    "Bluetooth",
    "Charts",
    "Concurrent",
    "DBus",
    "DataVisualization",
    "Designer",
    "Graphs",
    "GraphsWidgets",
    "Help",
    "HttpServer",
    "Location",
    "Multimedia",
    "MultimediaWidgets",
    "NetworkAuth",
    "Nfc",
    "OpenGL",
    "OpenGLWidgets",
    "Pdf",
    "PdfWidgets",
    "Positioning",
    "PrintSupport",
    "Qml",
    "Quick",
    "Quick3D",
    "QuickControls2",
    "QuickWidgets",
    "RemoteObjects",
    "Scxml",
    "Sensors",
    "SerialBus",
    "SerialPort",
    "SpatialAudio",
    "Sql",
    "StateMachine",
    "Svg",
    "SvgWidgets",
    "Test",
    "TextToSpeech",
    "UiTools",
    "WebChannel",
    "WebEngineCore",
    "WebEngineQuick",
    "WebEngineWidgets",
    "WebSockets",
    "WebView",
    "Xml",
)

EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "turtle",
    "idlelib",
    "pydoc_data",
    "lib2to3",
    "unittest",
    "test",
    "setuptools",
    "pkg_resources",
    "distutils",
    # pydantic's hook collects every pydantic submodule, among them its mypy and hypothesis
    # plugins, which would bring the whole dev toolchain of the build environment along.
    "pydantic.mypy",
    "pydantic.v1._hypothesis_plugin",
    "mypy",
    "hypothesis",
    "pytest",
    "_pytest",
    "rich",
    "pygments",
    "IPython",
    "numpy",
    # Pillow's AVIF codec (5 MB of libavif): screenshots are PNG, photos JPEG.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PySide6.scripts",
    "PySide6.support.deprecated",
    *(f"PySide6.Qt{name}" for name in _UNUSED_QT),
]
"""Never imported by Handoff; listed so a stray import in a dependency cannot pull them in."""

_DROPPED_PLUGINS = re.compile(
    r"""/plugins/(
        imageformats/(lib)?q(pdf|svg|tga|tiff|wbmp|webp|icns|macjp2|macheif)\.  # PNG/JPEG/GIF/ICO
      | iconengines/                                           # SVG icon engine: icons are PNG
      | platforms/(lib)?q(minimalegl|linuxfb|vnc|eglfs|vkkhrdisplay|wayland[^/]*|direct2d)\.
      | platformthemes/(lib)?qgtk3\.                          # links GTK 3 + cairo (15 MB);
                                                              # the xdg-desktop-portal theme stays
      | egldeviceintegrations/ | wayland-[^/]*/ | platforminputcontexts/(lib)?qtvirtualkeyboard
      | generic/ | sqldrivers/ | tls/(lib)?qopensslbackend | networkinformation/
    )""",
    re.VERBOSE,
)
"""Qt plugins Handoff has no use for.  Kept: platforms xcb/offscreen/minimal (Linux),
windows, cocoa; platformthemes (native dialogs); styles; xcbglintegrations;
input contexts (compose keys, IBus); imageformats gif/ico/jpeg; tls (schannel,
securetransport, cert-only) for QtNetwork."""

_DROPPED_LIBRARIES = re.compile(
    r"(^|/)(lib)?Qt6?(Pdf|Svg|Qml|QmlModels|QmlMeta|QmlWorkerScript|Quick|VirtualKeyboard\w*"
    r"|WaylandClient|WaylandEglClientHwIntegration|WlShellIntegration|EglFSDeviceIntegration"
    r"|EglFsKmsSupport|EglFsKmsGbmSupport|OpenGL|Pdf|Svg)\b[^/]*$"
)
"""Qt libraries that only the dropped plugins link against."""

_DROPPED_DATA = re.compile(r"/translations/(?!qtbase_)[^/]*\.qm$")
"""Qt's own translations: only qtbase (standard dialogs and buttons) is used."""


Entry = tuple[str, str, str]
"""An Analysis TOC entry: (name in the bundle, source path, type code)."""


def _normal(path: str) -> str:
    return "/" + path.replace("\\", "/")


def _dropped(name: str) -> bool:
    path = _normal(name)
    rules = (_DROPPED_PLUGINS, _DROPPED_LIBRARIES, _DROPPED_DATA)
    return any(rule.search(path) for rule in rules)


def _without_dangling_links(entries: list[Entry], kept: set[str]) -> list[Entry]:
    """Drop SYMLINK entries whose target (relative to the link's folder) is gone."""
    result = []
    for entry in entries:
        name, target, code = entry
        if code == "SYMLINK":
            folder = _normal(name).rsplit("/", 1)[0].lstrip("/")
            resolved = str(PurePosixPath(folder, target.replace("\\", "/"))) if folder else target
            if posixpath.normpath(resolved) not in kept:
                continue
        result.append(entry)
    return result


def _reachable_libraries(entries: list[Entry]) -> list[Entry]:
    """Linux: keep a shared library only if something kept links against it.

    PyInstaller collected the system libraries of every plugin it saw (GTK, cairo
    and pango for the GTK theme, for instance); once those plugins are dropped, what
    they alone needed goes too.  Roots: Python extensions, Qt plugins, libpython.
    """
    from PyInstaller.depend.bindepend import get_imports  # noqa: PLC0415 - build time only

    def is_root(entry: Entry) -> bool:
        name = _normal(entry[0])
        return entry[2] != "BINARY" or "/plugins/" in name or "/libpython" in name

    by_basename: dict[str, list[Entry]] = {}
    for entry in entries:
        if not is_root(entry):
            by_basename.setdefault(PurePosixPath(_normal(entry[0])).name, []).append(entry)
    kept = [entry for entry in entries if is_root(entry)]
    queue = [entry[1] for entry in kept if entry[2] != "SYMLINK"]
    seen: set[str] = set()
    while queue:
        source = queue.pop()
        if source in seen:
            continue
        seen.add(source)
        for needed, _path in get_imports(source):
            for entry in by_basename.pop(PurePosixPath(needed).name, []):
                kept.append(entry)
                queue.append(entry[1])
    order = {id(entry): number for number, entry in enumerate(entries)}
    return sorted(kept, key=lambda entry: order[id(entry)])


def prune(
    binaries: list[Entry], datas: list[Entry], *, linux: bool
) -> tuple[list[Entry], list[Entry]]:
    """The Analysis binaries and datas without what Handoff never uses.

    Dropped plugins and libraries first, then (Linux) the system libraries nothing
    kept links against, then the symbolic links left pointing at nothing.
    """
    binaries = [entry for entry in binaries if not _dropped(entry[0])]
    datas = [entry for entry in datas if not _dropped(entry[0])]
    if linux:
        binaries = _reachable_libraries(binaries)
    kept = {
        posixpath.normpath(entry[0].replace("\\", "/"))
        for entry in [*binaries, *datas]
        if entry[2] != "SYMLINK"
    }
    return _without_dangling_links(binaries, kept), _without_dangling_links(datas, kept)
