"""Render the app icon from its one source, ``resources/icons/handoff.svg``.

Writes ``handoff-<size>.png`` for every size in :data:`SIZES` (the app's window
icon, the Linux icon theme), ``handoff.ico`` (Windows executables and installer)
and ``handoff.icns`` (macOS bundle) next to the SVG.  The outputs are committed,
so a build needs neither this script nor Qt's SVG plugin; run it again after
changing the SVG:

    uv run --group packaging python packaging/make_icons.py [--check]

``--check`` writes nothing and exits 1 if a committed PNG differs from a fresh render.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "handoff.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
"""macOS wants up to 1024 px (512@2x); rendered from the vector, not scaled up."""


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """One square PNG of the SVG at ``size`` pixels, transparent around the shape."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def renders() -> dict[int, bytes]:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: cannot read {SOURCE}")
    return {size: render(renderer, size) for size in sorted({*SIZES, *ICNS_SIZES})}


def write(pngs: dict[int, bytes]) -> None:
    for size in SIZES:
        (ICONS / f"handoff-{size}.png").write_bytes(pngs[size])
    # Every size rendered from the vector (crisp 16 px), not scaled down from 256 px.
    ico = [Image.open(io.BytesIO(pngs[size])) for size in ICO_SIZES]
    ico[-1].save(
        ICONS / "handoff.ico", sizes=[(size, size) for size in ICO_SIZES], append_images=ico[:-1]
    )
    images = [Image.open(io.BytesIO(pngs[size])) for size in ICNS_SIZES]
    images[-1].save(ICONS / "handoff.icns", append_images=images[:-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args()
    app = QGuiApplication(sys.argv[:1])
    pngs = renders()
    if args.check:
        stale = [
            size
            for size in SIZES
            if not (ICONS / f"handoff-{size}.png").is_file()
            or Image.open(ICONS / f"handoff-{size}.png").tobytes()
            != Image.open(io.BytesIO(pngs[size])).tobytes()
        ]
        if stale:
            print(f"make_icons: stale icons {stale}: run packaging/make_icons.py", file=sys.stderr)
        return 1 if stale else 0
    write(pngs)
    print(f"make_icons: wrote {len(SIZES)} PNGs, handoff.ico, handoff.icns in {ICONS}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
