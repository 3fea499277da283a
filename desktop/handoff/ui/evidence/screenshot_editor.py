"""The screenshot editor: crop, box, arrow, text, redact, undo — then Save as an attachment.

Save applies the edit list to the ORIGINAL capture with Pillow
(:func:`handoff.evidence.images.save_screenshot`) on a worker thread — encoding a
4K screenshot takes long enough to stutter the window — and writes only the
result and its thumbnail into the draft's files folder.  The capture itself was
never on disk, so Cancel leaves nothing behind.  The attachment records the
capture time and whether anything was redacted.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from handoff import paths
from handoff.evidence import images
from handoff.model import Attachment, AttachmentKind
from handoff.ui.dialogs import tr
from handoff.ui.evidence.annotation_canvas import AnnotationCanvas, AskText, Tool
from handoff.ui.evidence.capture import Capture, from_pil
from handoff.ui.session import DraftSession
from handoff.ui.workers import ProgressFn, Worker

AddAttachments = Callable[[list[Attachment]], None]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def ask_label(parent: QWidget) -> str | None:
    """The text tool's question (tests inject an answer instead)."""
    text, ok = QInputDialog.getText(parent, tr("Text"), tr("Label to place on the screenshot:"))
    return text if ok else None


def file_stem(capture: Capture) -> str:
    """``screenshot-20260302-091500`` for captures, ``pasted-…`` for the clipboard, else the
    dropped file's own (made safe) name."""
    when = capture.captured_at.astimezone().strftime("%Y%m%d-%H%M%S")
    if capture.origin in {"screen", "window", "region"}:
        return f"screenshot-{when}"
    if capture.origin == "clipboard":
        return f"pasted-{when}"
    return _UNSAFE.sub("-", capture.origin).strip(".-")[:80] or f"image-{when}"


class ScreenshotEditor(QDialog):
    """Edit one capture; Save adds a SCREENSHOT attachment (object name ``screenshot_editor``).

    ``add`` receives the new attachment (the attachments page passes its table
    model's ``extend``); by default it is appended to the session's handoff and
    the session is marked changed.  ``synchronous`` saves on the GUI thread (tests).
    """

    def __init__(
        self,
        capture: Capture,
        session: DraftSession,
        *,
        add: AddAttachments | None = None,
        ask_text: AskText = ask_label,
        synchronous: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screenshot_editor")
        self.setWindowTitle(tr("Screenshot"))
        self.capture, self.session = capture, session
        self._add = add or self._append_to_session
        self._synchronous = synchronous
        self.worker: Worker | None = None
        self.saved_attachment: Attachment | None = None
        self.canvas = AnnotationCanvas(from_pil(capture.image), ask_text=ask_text, parent=self)
        self.tools: dict[Tool, QAction] = {}
        self.toolbar = self._build_toolbar()
        self.note = QLineEdit(self, placeholderText=tr("What this screenshot shows (optional)"))
        self.note.setObjectName("screenshot_note")
        self.message = QLabel(self, wordWrap=True)
        self.message.setObjectName("screenshot_message")
        self.buttons = self._build_buttons()
        self._build_layout()
        self.canvas.edits_changed.connect(self._update_state)
        self._fit_to_screen()
        self._update_state()

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(tr("Edit"), self)
        group = QActionGroup(self)
        for tool, key in zip(Tool, ("C", "B", "A", "T", "R"), strict=True):
            action = QAction(tool.label.replace("&", ""), self)
            action.setObjectName(f"tool_{tool.value}")
            action.setCheckable(True)
            action.setShortcut(QKeySequence(key))
            action.setToolTip(f"{action.text()} ({key})")
            action.triggered.connect(lambda _=False, t=tool: self.set_tool(t))
            group.addAction(action)
            bar.addAction(action)
            self.tools[tool] = action
        self.tools[Tool.REDACT].setToolTip(tr("Redact (R): drag a box; it becomes solid black"))
        self.undo_action = QAction(tr("Undo"), self)
        self.undo_action.setObjectName("tool_undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.canvas.undo)
        bar.addSeparator()
        bar.addAction(self.undo_action)
        self.set_tool(self.canvas.tool)
        return bar

    def _build_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setObjectName("screenshot_save")
        save.setText(tr("&Save to attachments"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("screenshot_cancel")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        return buttons

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.canvas, 1)
        hint = QLabel(tr("Redacted areas are saved as solid black: the pixels under them are "
                         "not kept anywhere."), self)  # fmt: skip
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _fit_to_screen(self) -> None:
        """Image size plus room for the controls, but never more than 85% of the screen."""
        width, height = self.canvas.image_size
        screen = self.screen().availableGeometry()
        self.resize(
            min(max(width + 40, 560), int(screen.width() * 0.85)),
            min(max(height + 200, 420), int(screen.height() * 0.85)),
        )

    def set_tool(self, tool: Tool) -> None:
        self.canvas.tool = tool
        self.tools[tool].setChecked(True)

    def _update_state(self) -> None:
        self.undo_action.setEnabled(bool(self.canvas.edits))
        count = sum(isinstance(e, images.Redact) for e in self.canvas.edits)
        self.message.setText(tr("{n} area(s) redacted").format(n=count) if count else "")

    # -- saving ------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.worker is not None and self.worker.running

    def save(self) -> None:
        """Write the edited image off the GUI thread; the dialog closes when it is added."""
        if self.busy:
            return
        edits = list(self.canvas.edits)
        original, taken = self.capture.image, self.capture.captured_at
        folder = paths.draft_files_dir(self.session.handoff.id)
        target = images.unique_path(folder, file_stem(self.capture))

        def job(_progress: ProgressFn, _cancel: threading.Event) -> images.SavedScreenshot:
            return images.save_screenshot(original, edits, target, taken)

        self.worker = Worker(job, synchronous=self._synchronous, parent=self)
        self.worker.finished.connect(self._on_saved)
        self.worker.failed.connect(self._on_failed)
        self._set_busy(True)
        self.message.setText(tr("Saving\u2026"))
        self.worker.start()

    def _set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.toolbar.setEnabled(not busy)
        self.canvas.setEnabled(not busy)

    def _on_saved(self, result: images.SavedScreenshot) -> None:
        attachment = Attachment(
            name=result.path.name, source=str(result.path), size=result.size,
            media_type="image/png", kind=AttachmentKind.SCREENSHOT,
            captured_at=result.captured_at, redacted=result.redacted,
            note=self.note.text().strip(),
        )  # fmt: skip
        self.saved_attachment = attachment
        self._add([attachment])
        self._set_busy(False)
        self.accept()

    def _on_failed(self, reason: str) -> None:
        self._set_busy(False)
        self.message.setText(tr("Not saved: {reason}").format(reason=reason))

    def _append_to_session(self, attachments: list[Attachment]) -> None:
        self.session.handoff.attachments.extend(attachments)
        self.session.mark_changed()

    def reject(self) -> None:
        """Cancel closes without writing anything, but not while a save is under way."""
        if not self.busy:
            super().reject()
