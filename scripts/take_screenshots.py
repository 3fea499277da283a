"""Take a screenshot of every wizard page, showing the worked VPN example.

Run under a real X server so the PNGs show what an engineer sees::

    xvfb-run -a -s "-screen 0 1280x800x24" uv run python scripts/take_screenshots.py

Writes ``docs/screenshots/NN-<page>.png`` (or ``--out DIR``).  The app runs
against a throw-away data folder; nothing of the engineer's is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QApplication

from handoff import paths
from handoff.drafts import DraftStore
from handoff.example import example_handoff
from handoff.model import Attachment, Handoff
from handoff.ui.main_window import MainWindow
from handoff.ui.wizard import PageId

ROOT = Path(__file__).resolve().parent.parent


def _example_with_attachments(folder: Path) -> Handoff:
    """The worked example, with a screenshot of an error and a VPN log attached."""
    shot = folder / "globalprotect-error.png"
    Image.new("RGB", (480, 180), (245, 245, 245)).save(shot)
    log = folder / "PanGPS.log"
    log.write_text(
        "(P4120-T5312)Debug( 512): 11/23/26 09:14:02:113 Authentication failed: "
        "user not in allowed group\n" * 40,
        encoding="utf-8",
    )
    handoff = example_handoff()
    for path, note in (
        (shot, "Error shown after the MFA prompt"),
        (log, "Client log, 09:00-09:40"),
    ):
        handoff.attachments.append(
            Attachment(
                name=path.name, source=str(path), size=path.stat().st_size, note=note,
                media_type="image/png" if path.suffix == ".png" else "text/plain",
            )
        )  # fmt: skip
    return handoff


def take(out: Path, size: tuple[int, int]) -> list[Path]:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    written = []
    with tempfile.TemporaryDirectory(prefix="handoff-shots-") as scratch:
        paths.set_data_dir(Path(scratch) / "data")
        window = MainWindow(DraftStore(), synchronous=True, user=lambda: "Dana Onsite")
        window.load_handoff(_example_with_attachments(Path(scratch)))
        window.resize(*size)
        window.show()
        out.mkdir(parents=True, exist_ok=True)
        for page in PageId:
            window.wizard.go_to(page)
            for _ in range(5):
                app.processEvents()
            screen = window.screen()
            pixmap = screen.grabWindow(window.winId()) if screen else window.grab()
            if pixmap.isNull() or QApplication.platformName() == "offscreen":
                pixmap = window.grab()
            target = out / f"{page.value + 1:02d}-{page.name.lower().replace('_', '-')}.png"
            pixmap.save(str(target), "PNG")
            written.append(target)
        window.close()
        window.deleteLater()
        app.processEvents()
        paths.set_data_dir(None)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1100x760", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        print("no DISPLAY: run under xvfb-run (see the docstring)", file=sys.stderr)
        return 2
    width, height = (int(part) for part in args.size.split("x"))
    for path in take(args.out, (width, height)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
