"""The screenshot editor: crop, box, arrow, text, redact, undo — then Save as an attachment.

Save applies the edit list to the ORIGINAL capture with Pillow
(:func:`handoff.evidence.images.save_screenshot`) on a worker thread — encoding a
4K screenshot takes long enough to stutter the window — and writes only the
result and its thumbnail into the draft's files folder.  The capture itself was
never on disk, so Cancel leaves nothing behind.  The attachment records the
capture time and whether anything was redacted.

The engineer does not wait for the file: Save makes a small thumbnail of the
edited image with Qt at once (:func:`edited_thumbnail`: the redactions are filled
on a full-size copy *before* it is scaled, so no covered pixel reaches it), emits
it with :attr:`ScreenshotEditor.saving` (the screenshot tool shows it on the
attachments page, marked "saving…") and steps aside while the worker writes.
The attachment is added only once both files exist, so an autosave or an export
never sees an attachment without its file; if the write fails the editor comes
back with the reason and the edits, and nothing was added.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QImage, QKeySequence, QPainter
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
from handoff.ui.evidence.annotation_canvas import AnnotationCanvas, AskText, Tool, paint_edit
from handoff.ui.evidence.capture import Capture
from handoff.ui.session import DraftSession
from handoff.ui.workers import ProgressFn, Worker

AddAttachments = Callable[[list[Attachment]], None]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SAMPLED = 4
_WRITING: set[Path] = set()
"""Files being written right now: a second save in the same second picks another name."""


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


def edited_thumbnail(
    image: QImage, edits: Sequence[images.Edit], max_px: int = images.THUMBNAIL_PX
) -> QImage:
    """The edited image at most ``max_px`` on its longer side (the size
    :func:`handoff.evidence.images.thumbnail` makes), with Qt: ~1 ms for a screen.

    Redactions are filled on a full-size copy of the kept part BEFORE it is scaled:
    a thumbnail pixel is an average of source pixels, and none of them may be a
    covered one.  Annotations are drawn as the editor previews them.  Flat RGB like
    the saved file.  :class:`handoff.evidence.images.ImageError` if a crop leaves nothing.
    """
    keep = images.crop_rect(edits, (image.width(), image.height()))
    if keep.empty:
        raise images.ImageError("the crop leaves nothing of the image")
    part = image.copy(QRect(keep.left, keep.top, keep.width, keep.height))
    part = part.convertToFormat(QImage.Format.Format_RGB32)
    drawn = [edit for edit in edits if not isinstance(edit, images.Crop)]
    if drawn:
        painter = QPainter(part)  # the copy, never the capture
        painter.translate(-keep.left, -keep.top)
        for edit in drawn:
            paint_edit(painter, edit)
        painter.end()
    scale = min(1.0, max_px / max(part.width(), part.height()))
    size = (max(1, round(part.width() * scale)), max(1, round(part.height() * scale)))
    if size == (part.width(), part.height()):  # never enlarged (as images.thumbnail)
        return part
    if part.width() > _SAMPLED * size[0] and part.height() > _SAMPLED * size[1]:
        # A big reduction (a screen to an icon): sample first, then average 4x4 samples
        # per pixel; ~0.05 ms instead of ~0.5 for a full-HD screen.  The fill is in
        # already, so every sample is an uncovered pixel or the fill.
        part = part.scaled(
            _SAMPLED * size[0], _SAMPLED * size[1],
            Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation,
        )  # fmt: skip
    return part.scaled(
        *size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class ScreenshotEditor(QDialog):
    """Edit one capture; Save adds a SCREENSHOT attachment (object name ``screenshot_editor``).

    ``add`` receives the new attachment (the attachments page passes its table
    model's ``extend``); by default it is appended to the session's handoff and
    the session is marked changed.  ``synchronous`` saves on the GUI thread (tests);
    ``thumbnail_px`` sizes the thumbnail :attr:`saving` carries.
    """

    saving = Signal(str, QImage)
    """Save started: the file's name and the edited image's thumbnail (the editor hides)."""
    save_ended = Signal()
    """The write is over: the attachment was added (then the editor closes) or it failed
    (then the editor is back, saying why)."""

    def __init__(
        self,
        capture: Capture,
        session: DraftSession,
        *,
        add: AddAttachments | None = None,
        ask_text: AskText = ask_label,
        synchronous: bool = False,
        thumbnail_px: int = images.THUMBNAIL_PX,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("screenshot_editor")
        self.setWindowTitle(tr("Screenshot"))
        self.capture, self.session = capture, session
        self._add = add or self._append_to_session
        self._synchronous = synchronous
        self.thumbnail_px = thumbnail_px
        """The size of the thumbnail :attr:`saving` carries (the list's icon needs less)."""
        self.worker: Worker | None = None
        self.saved_attachment: Attachment | None = None
        self.canvas = AnnotationCanvas(capture.qimage, ask_text=ask_text, parent=self)
        self.tools: dict[Tool, QAction] = {}
        self.toolbar = self._build_toolbar()
        self.note = QLineEdit(self, placeholderText=tr("What this screenshot shows (optional)"))
        self.note.setObjectName("screenshot_note")
        self.note.setAccessibleName(tr("Note"))
        self.note.setAccessibleDescription(tr("What this screenshot shows (optional)"))
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
        """Show the thumbnail at once and write the edited image off the GUI thread;
        the dialog closes when the attachment is added (see the module doc)."""
        if self.busy:
            return
        edits = list(self.canvas.edits)
        try:
            thumb = edited_thumbnail(self.canvas.image, edits, self.thumbnail_px)
        except images.ImageError as exc:
            self._on_failed(str(exc))
            return
        capture = self.capture
        folder = paths.draft_files_dir(self.session.handoff.id)
        target = images.unique_path(folder, file_stem(capture), reserved=_WRITING)
        _WRITING.add(target)

        def job(_progress: ProgressFn, _cancel: threading.Event) -> images.SavedScreenshot:
            return images.save_screenshot(capture.image, edits, target, capture.captured_at)

        self.worker = Worker(job, synchronous=self._synchronous, parent=self)
        self.worker.finished.connect(self._on_saved)
        self.worker.failed.connect(self._on_failed)
        self.worker.ended.connect(lambda: _WRITING.discard(target))
        self.hide()  # the thumbnail takes its place on the page: shown first, then the rest
        self.saving.emit(target.name, thumb)
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
        self.save_ended.emit()
        self.accept()

    def _on_failed(self, reason: str) -> None:
        self._set_busy(False)
        self.message.setText(tr("Not saved: {reason}").format(reason=reason))
        if not self.isVisible():  # back, with the edits, so nothing is lost
            self.save_ended.emit()
            self.show()
            self.activateWindow()

    def _append_to_session(self, attachments: list[Attachment]) -> None:
        self.session.handoff.attachments.extend(attachments)
        self.session.mark_changed()

    def reject(self) -> None:
        """Cancel closes without writing anything, but not while a save is under way."""
        if not self.busy:
            super().reject()
