"""Put every evidence tool on the attachments page: the one place they are wired.

The attachments page knows nothing of screenshots, event logs, VPN logs, network
tests or redaction; each tool's ``install`` adds its actions to the page's evidence
bar.  The main window calls :func:`install_all` once.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from handoff.model import Attachment
from handoff.ui.evidence import (
    evtx_dialog,
    nettests_dialog,
    redaction_dialog,
    screenshots,
    vpn_dialog,
)
from handoff.ui.evidence.capture import is_image_file
from handoff.ui.evidence.screenshots import thumbnail_icon
from handoff.ui.pages.attachments import AttachmentsPage


def install_all(page: AttachmentsPage, window: QWidget) -> None:
    """Install the evidence tools on ``page``; ``window`` gets their shortcuts."""
    screenshots.install(page, window)
    tool = screenshots.tool_for(page)

    def open_image(path: Path) -> bool:
        if tool is None or not is_image_file(path):
            return False
        tool.edit_file(path)
        return True

    page.image_opener = open_image
    page.icon_for = attachment_icon
    evtx_dialog.install(page)
    vpn_dialog.install(page)
    nettests_dialog.install(page)
    redaction_dialog.install(page)


@lru_cache(maxsize=256)
def _icon(source: str, mtime_ns: int, size: int) -> QIcon:
    return thumbnail_icon(Path(source))


def attachment_icon(attachment: Attachment) -> QIcon | None:
    """A thumbnail for an image attachment, decoded once per file version (the list
    asks for it on every repaint)."""
    if not attachment.source or not attachment.media_type.startswith("image/"):
        return None
    try:
        info = Path(attachment.source).stat()
    except OSError:
        return None
    return _icon(attachment.source, info.st_mtime_ns, info.st_size)
