"""Opening a received package: verify it, show it read-only, and continue it.

The next technician opens the ``.handoff.zip`` they were sent.  Reading and
hashing it runs on a worker (a package may hold large logs or captures); any
problem (not a zip, a zip bomb, an unsafe name, no manifest) is one line.  The
view shows the handoff as rendered for them, whether every file matches the
manifest's hash, and who handed the ticket off when.  "Continue this handoff"
turns it into a new draft of their own (the core extracts the attachments and
adds a history entry) which the wizard then edits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handoff import notes
from handoff.model import Handoff
from handoff.ui import theme
from handoff.ui.flows import BackgroundFlow

if TYPE_CHECKING:
    from handoff.package import OpenedPackage


class PackageView(QDialog):
    """A read-only window on one opened package, with "Continue this handoff"."""

    continue_requested = Signal(object)
    """The engineer wants to take this handoff over: the ``OpenedPackage``."""

    def __init__(self, opened: OpenedPackage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.setObjectName("package_view")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(self.tr("Handoff package \u2014 %s") % opened.path.name)
        self.resize(760, 720)
        layout = QVBoxLayout(self)
        self.preview = self._preview()
        layout.addWidget(self.preview, 1)
        self.verification = self._list(
            "verification", self.tr("Verification"),
            self.tr("Whether each file in the package is intact (its checksum matches)."),
        )  # fmt: skip
        self._fill_verification()
        self.history = self._list(
            "history", self.tr("Handoff history"),
            self.tr("Who handed this ticket over before, and when."),
        )  # fmt: skip
        self._fill_history()
        for caption, widget in (
            (self.tr("&Verification:"), self.verification),
            (self.tr("&History:"), self.history),
        ):
            label = QLabel(caption, self)
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        layout.addWidget(self._buttons())

    def _preview(self) -> QTextBrowser:
        browser = QTextBrowser(self)
        browser.setObjectName("package_preview")
        browser.setAccessibleName(self.tr("Handoff as handed over"))
        browser.setAccessibleDescription(
            self.tr("The handoff notes exactly as they are in the package, read-only.")
        )
        browser.setOpenLinks(False)
        override = self.opened.manifest.package.lint_override
        browser.setHtml(
            notes.render_html(
                self.opened.handoff,
                findings=override.findings if override else (),
                override_by=override.confirmed_by if override else "",
            )
        )
        return browser

    def _list(self, name: str, accessible: str, description: str) -> QListWidget:
        widget = QListWidget(self)
        widget.setObjectName(name)
        widget.setAccessibleName(accessible)
        widget.setAccessibleDescription(description)
        widget.setMaximumHeight(110)
        return widget

    def _fill_verification(self) -> None:
        problems = self.opened.problems
        if not problems:
            count = len(self.opened.manifest.package.files)
            item = QListWidgetItem(self.tr("\u2714 All %n file(s) verified", "", count))
            item.setForeground(QBrush(theme.ok_color()))
            self.verification.addItem(item)
            return
        kinds = {
            "tampered": self.tr("changed since export (hash differs)"),
            "missing": self.tr("listed in the manifest but missing"),
            "extra": self.tr("not listed in the manifest"),
        }
        for problem in problems:
            item = QListWidgetItem(
                f"\u2716 {problem.path}: {kinds.get(problem.kind, problem.kind)}"
            )
            item.setForeground(QBrush(theme.error_color()))
            self.verification.addItem(item)

    def _fill_history(self) -> None:
        handoff = self.opened.handoff
        for entry in handoff.history:
            parts = [entry.by or self.tr("(unknown)"), notes.format_time(entry.at), entry.package]
            self.history.addItem(" \u2014 ".join(p for p in parts if p))
        this = [
            handoff.author or self.tr("(unknown)"),
            notes.format_time(self.opened.manifest.package.created_at),
            self.tr("%s (this package)") % self.opened.path.name,
        ]
        self.history.addItem(" \u2014 ".join(this))

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(self)
        self.continue_button = QPushButton(self.tr("C&ontinue this handoff"), self)
        self.continue_button.setObjectName("continue")
        self.continue_button.setToolTip(
            self.tr("Make this handoff a draft of your own and edit it in the wizard.")
        )
        box.addButton(self.continue_button, QDialogButtonBox.ButtonRole.AcceptRole)
        close = box.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("&Close"))
        self.continue_button.clicked.connect(lambda: self.continue_requested.emit(self.opened))
        box.rejected.connect(self.reject)
        return box


class OpenFlow(BackgroundFlow):
    """Open a package on a worker, show it, and turn it into a draft on request."""

    viewed = Signal(object)
    """A :class:`PackageView` is now showing (tests click its buttons)."""
    continued = Signal(object)
    """The new draft :class:`Handoff` made from a package; the window loads it."""

    def open(self, path: Path) -> None:
        """Read and verify ``path`` in the background, then show it."""
        from handoff.package import open_package  # noqa: PLC0415 - not needed at start-up

        if self.busy:
            return
        self._start(
            lambda progress, cancel: open_package(path, progress=progress, cancel=cancel),
            self.tr("Opening %s\u2026") % path.name,
            self._show,
            lambda reason: (
                self.tr("Could not open %1: %2").replace("%1", path.name).replace("%2", reason)
            ),
        )

    def continue_handoff(self, opened: OpenedPackage) -> None:
        """Make ``opened`` a new draft (attachments extracted) on the worker."""
        from handoff.package import continue_handoff  # noqa: PLC0415

        if self.busy:
            return
        if not opened.ok and not self._prompts.confirm(
            self._window,
            self.tr("Continue this handoff"),
            self.tr("This package failed verification. Continue it anyway?"),
        ):
            return
        by = self._user()
        self._start(
            lambda _progress, _cancel: continue_handoff(opened, by=by),
            self.tr("Extracting attachments\u2026"),
            self._continued,
            lambda reason: self.tr("Could not continue the handoff: %s") % reason,
        )

    def _start(
        self,
        job: Callable[..., object],
        label: str,
        on_done: Callable[[object], None],
        failure: Callable[[str], str],
    ) -> None:
        worker = self.new_worker(job)
        worker.finished.connect(on_done)
        worker.failed.connect(lambda reason: self._prompts.error(self._window, failure(reason)))
        worker.cancelled.connect(lambda: self.message.emit(self.tr("Cancelled")))
        self.start_worker(worker, label)

    def _show(self, opened: object) -> None:
        view = PackageView(cast("OpenedPackage", opened), self._window)
        view.continue_requested.connect(self.continue_handoff)
        view.show()
        self.viewed.emit(view)

    def _continued(self, handoff: object) -> None:
        if isinstance(handoff, Handoff):
            for view in self._window.findChildren(PackageView):
                view.close()
            self.continued.emit(handoff)
