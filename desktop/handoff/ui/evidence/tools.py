"""Put every evidence tool on the attachments page: the one place they are wired.

The attachments page knows nothing of screenshots, event logs, VPN logs, network
tests or redaction; each tool's ``install`` adds its actions to the page's evidence
bar.  The main window calls :func:`install_all` once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from handoff.ui.evidence import evtx_dialog, nettests_dialog, screenshots, vpn_dialog
from handoff.ui.evidence.capture import is_image_file
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
    evtx_dialog.install(page)
    vpn_dialog.install(page)
    nettests_dialog.install(page)
