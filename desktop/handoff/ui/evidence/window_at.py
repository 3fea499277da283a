"""Which top-level window is under the mouse pointer, and where it is.

Qt only knows its own windows, so "capture the window" asks the window system:
on X11 ``XQueryPointer`` on the root window names the top-level window (or the
window manager's frame, decorations included) under the pointer; on Windows
``WindowFromPoint`` and its root ancestor.  Both go through ctypes to the
system library, so nothing extra is installed.  Elsewhere (Wayland, macOS) the
answer is "unknown" and the capturer takes the screen under the pointer, which
the engineer can crop in the editor.

Window systems report physical pixels; Qt's global coordinates are logical.
Qt keeps each screen's top-left corner and scales from there, so a physical
point maps back with the DPR of the screen it falls on.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication

log = logging.getLogger(__name__)


def window_at_cursor(_cursor: QPoint) -> QRect | None:
    """The logical global rectangle of the top-level window under the pointer, or None.

    ``_cursor`` (Qt's logical cursor position) is unused: the window system is
    asked for its own pointer position, in its own pixels.
    """
    try:
        if QGuiApplication.platformName() == "xcb":
            native = _x11_window_under_pointer()
        elif sys.platform == "win32":
            native = _windows_window_under_pointer()
        else:
            native = None
    except (OSError, AttributeError, ValueError):
        log.info("cannot ask the window system for the window under the pointer", exc_info=True)
        native = None
    return None if native is None else to_logical(native)


def to_logical(native: QRect) -> QRect:
    """A physical-pixel rectangle in Qt's logical coordinates (see the module doc)."""
    for screen in QGuiApplication.screens():
        origin, ratio = screen.geometry().topLeft(), screen.devicePixelRatio()
        size = screen.geometry().size() * ratio
        if QRect(origin, size).contains(native.topLeft()) and ratio != 1:
            x = origin.x() + round((native.x() - origin.x()) / ratio)
            y = origin.y() + round((native.y() - origin.y()) / ratio)
            return QRect(x, y, round(native.width() / ratio), round(native.height() / ratio))
    return QRect(native)


def _x11_window_under_pointer() -> QRect | None:
    """``XQueryPointer`` on the root, then ``XGetGeometry`` of the child it names."""
    name = ctypes.util.find_library("X11")
    if name is None:
        return None
    xlib = ctypes.CDLL(name)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(None)
    if not display:
        return None
    try:
        root = xlib.XDefaultRootWindow(display)
        child = _x11_child_under_pointer(xlib, display, root)
        return _x11_geometry(xlib, display, child) if child else None
    finally:
        xlib.XCloseDisplay(display)


def _x11_child_under_pointer(xlib: ctypes.CDLL, display: int, root: int) -> int:
    window = ctypes.c_ulong
    root_ret, child = window(), window()
    ints = [ctypes.c_int() for _ in range(4)]
    mask = ctypes.c_uint()
    xlib.XQueryPointer.argtypes = (ctypes.c_void_p, window, *[ctypes.c_void_p] * 7)
    found = xlib.XQueryPointer(
        display, root, ctypes.byref(root_ret), ctypes.byref(child),
        *(ctypes.byref(i) for i in ints), ctypes.byref(mask),
    )  # fmt: skip
    return int(child.value) if found else 0


def _x11_geometry(xlib: ctypes.CDLL, display: int, window: int) -> QRect | None:
    root = ctypes.c_ulong()
    x, y = ctypes.c_int(), ctypes.c_int()
    width, height, border, depth = (ctypes.c_uint() for _ in range(4))
    xlib.XGetGeometry.argtypes = (ctypes.c_void_p, ctypes.c_ulong, *[ctypes.c_void_p] * 7)
    ok = xlib.XGetGeometry(
        display, window, ctypes.byref(root), ctypes.byref(x), ctypes.byref(y),
        ctypes.byref(width), ctypes.byref(height), ctypes.byref(border), ctypes.byref(depth),
    )  # fmt: skip
    if not ok:
        return None
    edge = int(border.value)
    return QRect(x.value, y.value, int(width.value) + 2 * edge, int(height.value) + 2 * edge)


class _WinRect(ctypes.Structure):
    _fields_ = (
        ("left", ctypes.c_long),
        ("top", ctypes.c_long),
        ("right", ctypes.c_long),
        ("bottom", ctypes.c_long),
    )


class _WinPoint(ctypes.Structure):
    _fields_ = (("x", ctypes.c_long), ("y", ctypes.c_long))


_GA_ROOT = 2
_DWMWA_EXTENDED_FRAME_BOUNDS = 9


def _windows_window_under_pointer() -> QRect | None:
    """``WindowFromPoint`` → root ancestor → its visible frame (DWM bounds, no shadow)."""
    windll = ctypes.windll  # type: ignore[attr-defined,unused-ignore]
    user32, dwmapi = windll.user32, windll.dwmapi
    handle, uint, pointer = ctypes.c_void_p, ctypes.c_uint, ctypes.c_void_p
    user32.WindowFromPoint.argtypes, user32.WindowFromPoint.restype = [_WinPoint], handle
    user32.GetAncestor.argtypes, user32.GetAncestor.restype = [handle, uint], handle
    user32.GetWindowRect.argtypes = [handle, pointer]
    dwmapi.DwmGetWindowAttribute.argtypes = [handle, uint, pointer, uint]
    point = _WinPoint()
    if not user32.GetCursorPos(ctypes.byref(point)):
        return None
    hwnd = user32.GetAncestor(user32.WindowFromPoint(point), _GA_ROOT)
    if not hwnd:
        return None
    rect = _WinRect()
    bounds, size = _DWMWA_EXTENDED_FRAME_BOUNDS, ctypes.sizeof(rect)
    if dwmapi.DwmGetWindowAttribute(hwnd, bounds, ctypes.byref(rect), size) != 0:
        user32.GetWindowRect(hwnd, ctypes.byref(rect))
    return QRect(rect.left, rect.top, rect.right - rect.left, rect.bottom - rect.top)
