"""One-line messages and the few questions the app asks, in one injectable bundle.

Every error the engineer sees is one line (the core's exceptions promise a
one-line ``str()``; :func:`one_line` enforces it for anything else), never a
traceback.  The questions that need an answer before the app can go on (where to
save, whether to export anyway) block, so they live in :class:`Prompts` and tests
pass fakes instead of racing a modal dialog with timers.  Messages that need no
answer open window-modal but *non-blocking*, so a test can find the box and
click its real button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from handoff.ui.session import DraftSession

log = logging.getLogger(__name__)

PACKAGE_FILTER = "Handoff packages (*.handoff.zip);;All files (*)"
_MAX_MESSAGE = 300


def tr(text: str) -> str:
    """Translate a string outside a QObject's own ``self.tr`` (module level, helpers).

    ``pyside6-lupdate`` files every call of a bare ``tr(...)`` under the empty
    context, so the lookup uses that context too, or a shipped translation would
    never be found.
    """
    return QCoreApplication.translate("", text)


def one_line(error: BaseException | str) -> str:
    """The first line of an error's text, short enough for a message box or status bar.

    Exceptions we did not anticipate may carry a multi-line ``str()`` (or none at
    all); the engineer still gets one readable line, the details go to the log.
    """
    text = error if isinstance(error, str) else str(error)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not first and isinstance(error, BaseException):
        first = type(error).__name__
    if len(first) > _MAX_MESSAGE:
        first = first[: _MAX_MESSAGE - 1] + "\u2026"
    return first


def _message_box(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("message")
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget, text: str) -> None:
    """A one-line error, window-modal but not blocking (the caller just returns)."""
    _message_box(parent, QMessageBox.Icon.Warning, tr("Handoff"), one_line(text)).open()


def show_warning_once(parent: QWidget, text: str) -> QMessageBox:
    """A non-modal warning the engineer can leave open while they keep typing."""
    box = _message_box(parent, QMessageBox.Icon.Warning, tr("Handoff"), one_line(text))
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
    return box


def show_exported(parent: QWidget, path: Path) -> None:
    """Say where the package went, with a button that opens its folder."""
    box = _message_box(
        parent, QMessageBox.Icon.Information, tr("Export finished"), tr("Exported to %s") % path
    )
    box.setObjectName("exported")
    folder_button = box.addButton(tr("&Show in folder"), QMessageBox.ButtonRole.ActionRole)
    folder_button.clicked.connect(
        lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
    )
    box.open()


def ask_save_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    """The native save dialog, starting at ``suggested`` (its folder is created)."""
    try:
        suggested.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only Documents folder: let the engineer pick another
        log.info("could not create %s: %s", suggested.parent, exc)
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), tr(PACKAGE_FILTER))
    return Path(name) if name else None


def ask_open_path(parent: QWidget, title: str, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(folder), tr(PACKAGE_FILTER))
    return Path(name) if name else None


def ask_confirm(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_redaction(parent: QWidget, session: DraftSession) -> bool:
    """Offer to redact text attachments before they leave the machine (False: cancel)."""
    from handoff.ui.evidence.redaction_dialog import offer_redaction  # noqa: PLC0415

    return offer_redaction(parent, session)


@dataclass
class Prompts:
    """The side effects of asking the engineer something; tests replace these."""

    save_path: Callable[[QWidget, str, Path], Path | None] = ask_save_path
    open_path: Callable[[QWidget, str, Path], Path | None] = ask_open_path
    confirm: Callable[[QWidget, str, str], bool] = ask_confirm
    error: Callable[[QWidget, str], None] = show_error
    exported: Callable[[QWidget, Path], None] = show_exported
    redact: Callable[[QWidget, DraftSession], bool] = ask_redaction
