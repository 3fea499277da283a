"""Page 5: the files that go into the package (logs, screenshots, exports).

Files come from the "Add files…" dialog or from a drag and drop of files and
folders anywhere on the page.  The page records only metadata (name, size, media
type, where the file is); the export copies and hashes the contents.  Later
evidence tools (screenshot, Event Viewer log, VPN logs) plug in via
:meth:`AttachmentsPage.add_action`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QToolBar,
    QToolButton,
)

from handoff.lint import ATTACHMENT_BUDGET, Section
from handoff.model import Attachment
from handoff.notes import format_size
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.file_scan import scan_paths
from handoff.ui.widgets.forms import chain_tab_order
from handoff.ui.widgets.record_model import Column, RecordTableModel
from handoff.ui.widgets.record_table import RecordListEditor

ChooseFiles = Callable[[], list[Path]]
"""Asks the engineer for files; returns nothing when they cancel."""

_NAMES_IN_MESSAGE = 3
THUMBNAIL_SIZE = QSize(64, 40)
"""The box an image attachment's thumbnail is drawn in (aspect kept): big enough to
recognise the picture; the row of an image is that tall, other rows stay one line."""


class AttachmentsPage(HandoffPage):
    """A table (name, size, type, editable note), Add files…, Remove, drop target.

    Object names: ``attachments_table``, ``attachments_add``, ``attachments_remove``,
    ``attachments_message`` (the one-line "not added" message), ``attachments_total``,
    ``evidence_bar`` (the toolbar :meth:`add_action` fills).
    """

    section = Section.ATTACHMENTS

    def __init__(self, session: DraftSession, *, choose_files: ChooseFiles | None = None) -> None:
        super().__init__(
            session,
            self.tr("Attachments"),
            self.tr("Logs, screenshots and exports the next technician needs."),
        )
        self.choose_files: ChooseFiles = choose_files or self._ask_for_files
        self.icon_for: Callable[[Attachment], object] = lambda _attachment: None
        """Set by the screenshot tool: a thumbnail icon for image attachments."""
        self.image_opener: Callable[[Path], bool] | None = None
        """Set by the screenshot tool: takes one dropped image into its editor."""
        self.setAcceptDrops(True)
        self.model = RecordTableModel(
            lambda: self.session.handoff.attachments, self._columns(), session.mark_changed, self
        )
        self.editor = RecordListEditor(
            self.model,
            prefix="attachments",
            name=self.tr("Attachments"),
            description=self.tr("Type a note for each file; Delete removes the selected file."),
            labels={"remove": self.tr("&Remove")},
            movable=False,
            parent=self,
        )
        self.table = self.editor.view
        self.table.setIconSize(THUMBNAIL_SIZE)
        # Each row as tall as its contents: a thumbnail's row fits the picture, a log's
        # row stays one line (and a wrapped note gets its lines).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.add_files = self._add_files_button()
        self.editor.add_button(self.add_files, first=True)
        self.evidence_bar = QToolBar(self.tr("Evidence"), self)
        self.evidence_bar.setObjectName("evidence_bar")
        self.evidence_bar.setVisible(False)
        self.message = self._label("attachments_message")
        self.total = self._label("attachments_total")
        self._build_layout()
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            signal.connect(self._update_total)
        self._update_total()

    def _columns(self) -> list[Column]:
        return [
            Column(
                "name",
                self.tr("Name"),
                editable=False,
                stretch=True,
                decoration=lambda attachment: self.icon_for(attachment),  # noqa: PLW0108 - set later
            ),
            Column("kind", self.tr("Kind"), editable=False, display=lambda kind: kind.label),
            Column("size", self.tr("Size"), editable=False, display=format_size),
            Column("media_type", self.tr("Type"), editable=False),
            Column("note", self.tr("Note"), tooltip=self.tr("What this file shows"), stretch=True),
        ]

    def _add_files_button(self) -> QPushButton:
        button = QPushButton(self.tr("&Add files\u2026"), self)
        button.setObjectName("attachments_add")
        button.setToolTip(self.tr("Choose files to attach (or drop files and folders)."))
        button.clicked.connect(self.ask_and_add)
        return button

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def _build_layout(self) -> None:
        hint = QLabel(self.tr("Drop files or folders anywhere on this page to attach them."), self)
        self.body.addWidget(hint)
        self.body.addWidget(self.editor, 1)
        # The toolbar gets the whole width (beside the side panel a shared row pushed its
        # tools into the overflow menu and wrapped the total onto six lines).
        self.body.addWidget(self.evidence_bar)
        self.body.addWidget(self.total)
        self.body.addWidget(self.message)
        chain_tab_order(self.editor.focus_widgets())

    def add_action(self, action: QAction) -> None:
        """Add an evidence tool ("Capture screenshot", "Add Event Viewer log", …).

        The action's handler adds its file with :meth:`add_paths`.
        """
        self.evidence_bar.addAction(action)
        self.evidence_bar.setVisible(True)
        more = self.evidence_bar.findChild(QToolButton, "qt_toolbar_ext_button")
        if more is not None:  # Qt's ">>" for tools that do not fit: a screen reader says what
            more.setAccessibleName(self.tr("More evidence tools"))
            more.setAccessibleDescription(self.tr("Tools that do not fit in the bar."))

    def _ask_for_files(self) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        return [Path(name) for name in names]

    def ask_and_add(self) -> None:
        paths = self.choose_files()
        if paths:
            self.add_paths(paths)

    def add_paths(self, paths: list[Path]) -> list[Attachment]:
        """Attach files (folders recursively); returns what was added.

        A source already attached is not added twice; unreadable paths are listed
        in the one-line message.
        """
        known = [a.source for a in self.session.handoff.attachments if a.source]
        scan = scan_paths(paths, known=known)
        self.model.extend(scan.attachments)
        self.message.setText(self._unreadable_text(scan.unreadable))
        return scan.attachments

    def _unreadable_text(self, paths: list[Path]) -> str:
        if not paths:
            return ""
        names = ", ".join(path.name or str(path) for path in paths[:_NAMES_IN_MESSAGE])
        if len(paths) > _NAMES_IN_MESSAGE:
            names += self.tr(" and {count} more").format(count=len(paths) - _NAMES_IN_MESSAGE)
        return self.tr("Not added, cannot be read: {names}").format(names=names)

    def _update_total(self) -> None:
        attachments = self.session.handoff.attachments
        total = sum(a.size for a in attachments)
        self.total.setText(
            self.tr("{count} file(s), {size} of the {budget} budget").format(
                count=len(attachments), size=format_size(total),
                budget=format_size(ATTACHMENT_BUDGET),
            )
        )  # fmt: skip
        self.total.setProperty("over_budget", total > ATTACHMENT_BUDGET)

    # -- drag and drop: files and folders from the file manager ---------------

    @staticmethod
    def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        data = event.mimeData()
        if data is None or not data.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in data.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt API
        if self._local_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API
        paths = self._local_paths(event)
        if not paths:
            event.ignore()
            return
        # One dropped image opens in the screenshot editor (crop, redact) when one is
        # installed; several files at once are attached as they are.
        single = paths[0] if len(paths) == 1 else None
        if single is None or self.image_opener is None or not self.image_opener(single):
            self.add_paths(paths)
        event.acceptProposedAction()

    def load(self) -> None:
        self.model.refresh()
        self.editor.update_buttons()
        self._update_total()
