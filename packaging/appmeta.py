"""Facts about the app that every packaging file shares, read from the source tree.

The version lives only in ``desktop/handoff/__init__.py``; this module reads it
with :mod:`ast` (no import of the app, so the spec and the build script work in
any interpreter) and hands it to the PyInstaller spec, the Windows version
resource, the Inno Setup call and the macOS Info.plist.  Nothing here is a copy.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_INIT = ROOT / "desktop" / "handoff" / "__init__.py"
ICONS = ROOT / "resources" / "icons"

NAME = "handoff"
"""The one-folder bundle's name and the executable's (``dist/handoff/handoff``)."""
CLI_NAME = "handoff-cli"
"""Windows only: the console executable beside the windowed one (scripts, RMM tools)."""
BUNDLE_ID = "org.handoff.Handoff"
"""macOS bundle identifier (reverse DNS): replace with the company's own before shipping."""
PACKAGE_UTI = "org.handoff.package"
"""The exported macOS type of a ``.handoff.zip`` package."""
MIME_TYPE = "application/x-handoff-package"
"""The freedesktop MIME type of a ``.handoff.zip`` package (packaging/linux/handoff-mime.xml)."""
PUBLISHER = "Handoff"


def _module_constant(name: str) -> str:
    tree = ast.parse(PACKAGE_INIT.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            value = ast.literal_eval(node.value)
            if isinstance(value, str):
                return value
    raise LookupError(f"{name} not found in {PACKAGE_INIT}")


def version() -> str:
    """``__version__`` of the handoff package."""
    return _module_constant("__version__")


def app_name() -> str:
    """``APP_NAME`` of the handoff package: the name people see ("Handoff")."""
    return _module_constant("APP_NAME")


def version_tuple() -> tuple[int, int, int, int]:
    """The version as the four numbers Windows wants (a pre-release suffix is dropped)."""
    parts = version().split(".")
    numbers = [int("".join(ch for ch in part if ch.isdigit()) or 0) for part in parts]
    numbers += [0, 0, 0, 0]
    return numbers[0], numbers[1], numbers[2], numbers[3]


def info_plist() -> dict[str, object]:
    """macOS Info.plist entries beyond what PyInstaller's BUNDLE writes itself.

    Finder decides by the last extension, so a ``x.handoff.zip`` is a zip archive to it:
    Handoff registers as an *Alternate* handler for zip archives ("Open With > Handoff",
    never the default for every zip) and exports its own type for packages, which
    conforms to zip so it behaves as one everywhere else.
    """
    return {
        "CFBundleName": app_name(),
        "CFBundleDisplayName": app_name(),
        "CFBundleShortVersionString": version(),
        "CFBundleVersion": version(),
        "CFBundlePackageType": "APPL",
        "LSMinimumSystemVersion": "12.0",
        "NSHighResolutionCapable": True,
        "NSPrincipalClass": "NSApplication",
        "NSRequiresAquaSystemAppearance": False,  # follow the system's dark mode
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": f"{app_name()} package",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [PACKAGE_UTI],
                "CFBundleTypeIconFile": "handoff.icns",
            },
            {
                "CFBundleTypeName": "ZIP archive",
                "CFBundleTypeRole": "Viewer",
                "LSHandlerRank": "Alternate",
                "LSItemContentTypes": ["public.zip-archive"],
            },
        ],
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": PACKAGE_UTI,
                "UTTypeDescription": f"{app_name()} package",
                "UTTypeConformsTo": ["public.zip-archive", "public.data"],
                "UTTypeIconFile": "handoff.icns",
                "UTTypeTagSpecification": {
                    "public.filename-extension": ["handoff.zip"],
                    "public.mime-type": [MIME_TYPE],
                },
            }
        ],
    }


def windows_version_info() -> str:
    """The Windows version resource (PyInstaller's text format) for both executables."""
    numbers = version_tuple()
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": f"{app_name()}: hand an in-progress ticket to the next technician",
        "FileVersion": version(),
        "InternalName": NAME,
        "OriginalFilename": f"{NAME}.exe",
        "ProductName": app_name(),
        "ProductVersion": version(),
    }
    string_structs = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable('040904B0', [
{string_structs}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
