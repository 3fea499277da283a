"""Wiring the screenshot tools into the attachments page: actions, menu, editor, thumbnails.

``install(page, window)`` is the one call the composition root makes.  It adds
"Capture screenshot" (Ctrl+Shift+S: the whole desktop; its menu: window under
the cursor, region, and a 3/5/10 s delay) and "Paste image" (Ctrl+Shift+V) to
the page's evidence bar and to the window, so the shortcuts work from every
page.  Every route — capture, paste, a dropped image file — ends in the same
editor, so nothing reaches the package without the chance to redact it.

When the editor saves, its thumbnail shows at once where its row will be, below
the attachments table's last row, marked "saving…" (:class:`PendingShots`); it
gives way to the attachment's own row when the file is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRect, QSize, Qt
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QIcon,
    QImage,
    QImageReader,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QMenu, QStyle, QTableView, QToolButton, QWidget

from handoff.evidence import images
from handoff.ui.dialogs import tr
from handoff.ui.evidence.annotation_canvas import AskText
from handoff.ui.evidence.capture import (
    Capture,
    CaptureError,
    CaptureMode,
    ScreenCapturer,
    clipboard_capture,
    file_capture,
    is_image_file,
)
from handoff.ui.evidence.screenshot_editor import ScreenshotEditor, ask_label
from handoff.ui.pages.attachments import AttachmentsPage

DELAYS_S = (0, 3, 5, 10)
ICON_PX = 64
_MAX_ICON_SOURCE_PIXELS = 60_000_000

__all__ = [
    "PendingShots", "ScreenshotTool", "install", "is_image_file", "thumbnail_icon", "tool_for",
]  # fmt: skip


class PendingShots(QWidget):
    """Screenshots being written, shown where their rows will appear: just below the
    last row of ``table``, a row each with its thumbnail and "… saving…" (object name
    ``screenshot_pending``); hidden when empty.

    It floats over the table's viewport instead of taking a place in the page's
    layout, and paints itself (an icon and a line of text per row): nothing else
    moves or repaints, so a row is on screen well under a millisecond after
    :meth:`add` (a layout change would repaint the whole page first).
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table.viewport())
        self.setObjectName("screenshot_pending")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # paintEvent fills it all
        self.table = table
        self.rows: list[tuple[str, QPixmap]] = []
        """(text, icon) of each row, in order."""
        self.setVisible(False)

    @property
    def icon_side(self) -> int:
        size = self.table.iconSize()
        if size.isValid():
            return max(size.width(), size.height())
        return self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)

    @property
    def row_height(self) -> int:
        return max(self.table.verticalHeader().defaultSectionSize(), self.icon_side + 4)

    def add(self, name: str, thumbnail: QImage) -> tuple[str, QPixmap]:
        """Show ``name`` with its thumbnail now: painted before this returns."""
        side = self.icon_side
        icon = QPixmap.fromImage(
            thumbnail.scaled(
                side, side, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )  # fmt: skip
        row = (tr("{name} \u2014 saving\u2026").format(name=name), icon)
        self.rows.append(row)
        self._place()
        self.repaint()  # the engineer sees it now, not after the next event-loop turn
        return row

    def remove(self, row: tuple[str, QPixmap]) -> None:
        if row in self.rows:
            self.rows.remove(row)
        self._place()

    def _place(self) -> None:
        """Below the table's last row (or at the viewport's bottom when it is full)."""
        self.setVisible(bool(self.rows))
        if not self.rows:
            return
        viewport, model = self.table.viewport(), self.table.model()
        last = model.rowCount() - 1 if model is not None else -1
        top = self.table.rowViewportPosition(last) + self.table.rowHeight(last) if last >= 0 else 0
        height = len(self.rows) * self.row_height
        self.setGeometry(0, max(0, min(top, viewport.height() - height)), viewport.width(), height)
        self.raise_()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        side, height = self.icon_side, self.row_height
        for index, (text, icon) in enumerate(self.rows):
            top = index * height
            painter.drawPixmap(
                4 + (side - icon.width()) // 2, top + (height - icon.height()) // 2, icon
            )
            room = QRect(side + 10, top, max(0, self.width() - side - 14), height)
            elided = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, room.width())
            painter.drawText(
                room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, elided
            )
        painter.end()


class ScreenshotTool(QObject):
    """Capture / paste / open a file → editor → attachment on ``page`` (object name
    ``screenshot_tool``, a child of the page)."""

    def __init__(
        self,
        page: AttachmentsPage,
        window: QWidget,
        *,
        capturer: ScreenCapturer | None = None,
        ask_text: AskText = ask_label,
        synchronous: bool = False,
    ) -> None:
        super().__init__(page)
        self.setObjectName("screenshot_tool")
        self.page, self.window = page, window
        self.capturer = capturer or ScreenCapturer(window, parent=self)
        self.capturer.captured.connect(self.edit)
        self.capturer.failed.connect(self._say)
        self._ask_text, self._synchronous = ask_text, synchronous
        self.delay_s = 0
        self.editor: ScreenshotEditor | None = None
        self.actions: dict[str, QAction] = {}
        self.pending = PendingShots(page.table)

    def capture(self, mode: CaptureMode) -> bool:
        """Start a capture with the chosen delay; False while one is running or editing."""
        if self.editor is not None:
            return False
        self._say("")
        return self.capturer.start(mode, self.delay_s)

    def paste(self) -> ScreenshotEditor | None:
        try:
            capture = clipboard_capture()
        except (CaptureError, images.ImageError) as exc:
            self._say(tr("Nothing pasted: {reason}").format(reason=exc))
            return None
        return self.edit(capture)

    def edit_file(self, path: Path) -> ScreenshotEditor | None:
        """Open a dropped image file in the editor (the lead routes image drops here)."""
        try:
            capture = file_capture(path)
        except (OSError, images.ImageError) as exc:
            self._say(tr("Not added: {reason}").format(reason=exc))
            return None
        return self.edit(capture)

    def edit(self, capture: Capture) -> ScreenshotEditor:
        """Show the editor (window-modal, not blocking); Save adds the attachment."""
        editor = ScreenshotEditor(
            capture, self.page.session, add=self.page.model.extend, ask_text=self._ask_text,
            synchronous=self._synchronous, thumbnail_px=ICON_PX, parent=self.window,
        )  # fmt: skip
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(self._editor_closed)
        editor.saving.connect(lambda name, thumb: self._saving(editor, name, thumb))
        self.editor = editor
        editor.open()
        return editor

    def _saving(self, editor: ScreenshotEditor, name: str, thumbnail: QImage) -> None:
        """The editor's thumbnail, on the page until its write is over."""
        item = self.pending.add(name, thumbnail)
        editor.save_ended.connect(
            lambda: self.pending.remove(item), Qt.ConnectionType.SingleShotConnection
        )

    def _editor_closed(self) -> None:
        self.editor = None

    def _say(self, text: str) -> None:
        self.page.message.setText(text)

    # -- actions -----------------------------------------------------------------

    def build_actions(self) -> list[QAction]:
        """The two top-level actions; the capture action carries the mode/delay menu."""
        capture = self._action("capture_screenshot", tr("Capture &screenshot"), "Ctrl+Shift+S")
        capture.setToolTip(tr("Capture the screen (Handoff hides itself); the menu has more"))
        capture.triggered.connect(lambda: self.capture(CaptureMode.SCREEN))
        capture.setMenu(self._build_menu())
        paste = self._action("paste_image", tr("&Paste image"), "Ctrl+Shift+V")
        paste.setToolTip(tr("Edit and attach the image on the clipboard"))
        paste.triggered.connect(self.paste)
        return [capture, paste]

    def _action(self, name: str, text: str, shortcut: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.actions[name] = action
        return action

    def _build_menu(self) -> QMenu:
        menu = QMenu(self.window)
        menu.setObjectName("capture_menu")
        for mode, text in (
            (CaptureMode.SCREEN, tr("&Full screen (all monitors)")),
            (CaptureMode.WINDOW, tr("&Window under the cursor")),
            (CaptureMode.REGION, tr("&Region\u2026")),
        ):
            action = self._action(f"capture_{mode.value}", text)
            action.triggered.connect(lambda _=False, m=mode: self.capture(m))
            menu.addAction(action)
        menu.addSection(tr("Delay"))
        group = QActionGroup(self)
        for seconds in DELAYS_S:
            text = tr("No delay") if seconds == 0 else tr("{s} s delay").format(s=seconds)
            action = self._action(f"capture_delay_{seconds}", text)
            action.setCheckable(True)
            action.setChecked(seconds == self.delay_s)
            action.triggered.connect(lambda _=False, s=seconds: setattr(self, "delay_s", s))
            group.addAction(action)
            menu.addAction(action)
        return menu


def install(
    page: AttachmentsPage,
    window: QWidget,
    *,
    capturer: ScreenCapturer | None = None,
    ask_text: AskText = ask_label,
    synchronous: bool = False,
) -> list[QAction]:
    """Add the screenshot actions to ``page`` (its evidence bar) and ``window`` (shortcuts).

    The keyword options are for tests (a capturer with a fake grab, a canned
    text answer, saving inline).  Returns the actions; the tool is :func:`tool_for`.
    """
    tool = ScreenshotTool(
        page, window, capturer=capturer, ask_text=ask_text, synchronous=synchronous
    )
    actions = tool.build_actions()
    for action in actions:
        page.add_action(action)
        window.addAction(action)
    button = page.evidence_bar.widgetForAction(actions[0])
    if isinstance(button, QToolButton):
        button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    return actions


def tool_for(page: AttachmentsPage) -> ScreenshotTool | None:
    """The tool :func:`install` put on ``page`` (to route dropped images to the editor)."""
    return page.findChild(ScreenshotTool, "screenshot_tool")


def thumbnail_icon(path: Path, size: int = ICON_PX) -> QIcon:
    """A small icon of an image attachment: its saved thumbnail if there is one.

    Empty (``isNull()``) for files that are not readable images, or so large that
    decoding them for an icon would stall the list.
    """
    thumb = images.thumbnail_path_for(path)
    source = thumb if thumb.is_file() else path
    reader = QImageReader(str(source))
    reader.setAutoTransform(True)
    full = reader.size()
    if not full.isValid() or full.width() * full.height() > _MAX_ICON_SOURCE_PIXELS:
        return QIcon()
    if full.width() > size or full.height() > size:
        reader.setScaledSize(full.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QIcon() if image.isNull() else QIcon(QPixmap.fromImage(image))
