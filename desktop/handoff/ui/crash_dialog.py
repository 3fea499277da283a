"""What an engineer sees when the app hits a bug: the draft saved, then a calm message.

A crash in a slot must not cost the engineer their notes: the hook from
:func:`install_excepthook` logs the traceback, writes the draft synchronously and
then opens :class:`CrashDialog` - one plain sentence, whether the draft is safe,
"Save diagnostics…" for the MSP's internal IT and the technical details folded
away - instead of Qt's default of printing a traceback and carrying on.

The dialog opens window-modal but non-blocking, so the hook returns at once (a
test, or the event loop, is never stuck in a nested ``exec``).  A second error
while the dialog is up is logged and added to its details, never a second box; an
error inside the hook itself is logged and handed to the previous hook, never
re-entered.

Also here: routing Qt's own messages to the log (:func:`install_message_handler`,
called by ``handoff.__main__`` for the real app only; pytest-qt installs its own
handler in tests) and the Qt half of the diagnostics zip (:func:`save_diagnostics`).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handoff import diagnostics, paths
from handoff.ui.dialogs import one_line, show_error, tr

if TYPE_CHECKING:
    from handoff.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


# -- Qt's messages and versions -------------------------------------------------------------

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    where = f" ({context.category})" if context.category else ""
    logging.getLogger("qt").log(_QT_LEVELS.get(kind, logging.WARNING), "%s%s", message, where)


def install_message_handler() -> None:
    """Send Qt's warnings to the app's log (the real app only: tests keep pytest-qt's)."""
    qInstallMessageHandler(_qt_message)


def qt_versions() -> dict[str, str]:
    """What only the UI knows for the diagnostics: Qt, PySide6, platform plugin, screens."""
    found = {"Qt": qVersion(), "PySide6": PySide6.__version__}
    app = QApplication.instance()
    if isinstance(app, QApplication):
        found["Qt platform"] = app.platformName()
        found["Style"] = app.style().name()
        for n, screen in enumerate(app.screens()):
            size = screen.size()
            found[f"Screen {n + 1}"] = (
                f"{screen.name()} {size.width()}x{size.height()} "
                f"scale {screen.devicePixelRatio():g} dpi {screen.logicalDotsPerInch():.0f}"
            )
    return found


def save_diagnostics(window: MainWindow, parent: QWidget | None = None) -> Path | None:
    """Ask where, then write the diagnostics zip; the path, or None (cancelled / failed).

    Synchronous: the zip holds at most ~6 MiB of log and is written in well under a
    second, and after a crash the GUI thread is the one place known to still work.
    """
    parent = parent or window
    suggested = paths.exports_dir() / diagnostics.default_name()
    target = window.prompts.save_path(parent, tr("Save diagnostics"), suggested)
    if target is None:
        return None
    try:
        diagnostics.write_zip(target, versions=qt_versions())
    except OSError as exc:
        log.warning("could not write diagnostics to %s: %s", target, exc)
        window.prompts.error(
            parent, tr("Could not save the diagnostics: %s") % (exc.strerror or exc)
        )
        return None
    log.info("diagnostics written to %s", target)
    window.statusBar().showMessage(tr("Diagnostics saved to %s") % target, 8000)
    return target


# -- the dialog -----------------------------------------------------------------------------


class CrashDialog(QDialog):
    """One sentence, the draft's fate, Save diagnostics, and details folded away."""

    def __init__(self, window: MainWindow, *, saved: bool, details: str) -> None:
        super().__init__(window)
        self._main = window
        self.setObjectName("crash_dialog")
        self.setWindowTitle(self.tr("Handoff hit a problem"))
        self.saved_path: Path | None = None
        self.message = QLabel(
            self.tr("Something went wrong inside Handoff. It was not caused by anything you did."),
            self,
        )
        self.message.setWordWrap(True)
        self.draft_state = QLabel(self._draft_text(saved), self)
        self.draft_state.setObjectName("crash_draft_state")
        self.draft_state.setWordWrap(True)
        self.details = QPlainTextEdit(details, self)
        self.details.setObjectName("crash_details")
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("Technical details"))
        self.details.setAccessibleDescription(
            self.tr("The error report for the MSP's internal IT; also in the diagnostics zip.")
        )
        self.details.setVisible(False)
        self.details_button = QPushButton(self.tr("Show de&tails"), self)
        self.details_button.setObjectName("crash_show_details")
        self.details_button.setCheckable(True)
        self.details_button.setAccessibleDescription(
            self.tr("Shows or hides the technical error report below.")
        )
        self.details_button.toggled.connect(self._toggle_details)
        self.buttons = QDialogButtonBox(self)
        self.diagnostics_button = self.buttons.addButton(
            self.tr("Save &diagnostics\u2026"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.diagnostics_button.setObjectName("crash_save_diagnostics")
        self.continue_button = self.buttons.addButton(
            self.tr("&Continue"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.setObjectName("crash_continue")
        self.continue_button.setDefault(True)
        self.diagnostics_button.clicked.connect(self.save_diagnostics)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.message, self.draft_state, self.details_button, self.details,
                       self.buttons):  # fmt: skip
            layout.addWidget(widget)
        self.continue_button.setFocus()

    def _draft_text(self, saved: bool) -> str:
        if saved:
            return self.tr("Your draft was saved: nothing you typed is lost. You can carry on, "
                           "or save diagnostics for your internal IT.")  # fmt: skip
        return self.tr(
            "Your draft could not be saved. Keep this window open, copy anything important "
            "from the page into another document, then save diagnostics for your internal IT."
        )

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText(self.tr("Hide de&tails") if shown else self.tr("Show de&tails"))

    def add_details(self, text: str) -> None:
        """Another error while this dialog is up: one more report, not one more box."""
        self.details.appendPlainText("\n" + text)

    def save_diagnostics(self) -> Path | None:
        self.saved_path = save_diagnostics(self._main, self) or self.saved_path
        return self.saved_path


# -- the hook -------------------------------------------------------------------------------


def _report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    return "".join(traceback.format_exception(kind, error, tb))


def install_excepthook(window: MainWindow) -> ExceptHook:
    """Log, save the draft, show :class:`CrashDialog` on an uncaught error; returns the old hook."""
    previous = sys.excepthook
    handling = False
    dialog: CrashDialog | None = None

    def show(details: str) -> None:
        nonlocal dialog
        if dialog is not None and dialog.isVisible():
            dialog.add_details(details)
            return
        saved = window.emergency_save()
        dialog = CrashDialog(window, saved=saved, details=details)
        dialog.finished.connect(forget)
        dialog.open()

    def forget() -> None:
        nonlocal dialog
        if dialog is not None:
            dialog.deleteLater()
        dialog = None

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal handling
        log.critical("uncaught %s", kind.__name__, exc_info=(kind, error, tb))
        if handling or issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        handling = True
        try:
            show(_report(kind, error, tb))
        except Exception as inner:  # the hook must not fail in turn: log, fall back
            log.critical("the crash handler failed", exc_info=inner)
            try:
                show_error(window, tr("Something went wrong: %s") % one_line(error))
            except Exception:  # last resort: the previous hook prints it
                previous(kind, error, tb)
        finally:
            handling = False

    sys.excepthook = hook
    return previous
