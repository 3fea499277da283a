"""Portable file names for attachments inside a package and on the next tech's disk.

A package made on Linux is opened on Windows and macOS, so a name must be valid
on all three: no path separators or reserved characters, no device names like
``CON``, no trailing dots or spaces, a bounded length, and unique without
regard to case (NTFS and APFS are case-insensitive by default).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

MAX_CHARS = 120
"""Longest name we produce: leaves room for a folder path under Windows' 260-char limit."""

MAX_BYTES = 240
"""UTF-8 budget per name: most file systems cap a name at 255 bytes, not characters."""

_MAX_EXT_CHARS = 16
_FALLBACK = "file"
_RESERVED_CHARS = frozenset('/\\:*?"<>|')
# Control, format (bidi overrides hide a real extension), surrogate, line/paragraph separators.
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]}
)


def _clean_char(char: str) -> str:
    if char in _RESERVED_CHARS or unicodedata.category(char) in _BAD_CATEGORIES:
        return "_"
    return char


def _split_ext(name: str) -> tuple[str, str]:
    """``("report", ".log")``; only a short, non-leading last suffix counts as an extension."""
    dot = name.rfind(".")
    if dot <= 0 or len(name) - dot - 1 > _MAX_EXT_CHARS or dot == len(name) - 1:
        return name, ""
    return name[:dot], name[dot:]


def _fits(text: str) -> bool:
    return len(text) <= MAX_CHARS and len(text.encode("utf-8")) <= MAX_BYTES


def fit_name(stem: str, ext: str, suffix: str = "") -> str:
    """``stem + suffix + ext``, shortening the stem so the whole fits the length limits."""
    keep = min(len(stem), MAX_CHARS)
    while keep > 0 and not _fits(stem[:keep] + suffix + ext):
        keep -= 1
    short = stem[:keep].rstrip(" .")
    return f"{short or _FALLBACK}{suffix}{ext}"


def _once(name: str) -> str:
    text = "".join(_clean_char(c) for c in unicodedata.normalize("NFC", name))
    text = text.strip(" .")  # Windows drops trailing dots/spaces; leading dots hide files
    if not text:
        return _FALLBACK
    if text.split(".", 1)[0].rstrip(" ").upper() in _DEVICE_NAMES:
        text = "_" + text
    if not _fits(text):
        stem, ext = _split_ext(text)
        text = fit_name(stem, ext)
    return text


def safe_filename(name: str) -> str:
    """A name valid on Windows, macOS and Linux: never empty, no path parts, <= 120 chars.

    Applied repeatedly until stable, so cleaning a cleaned name changes nothing
    (normalization and shortening can interact; a fixed point is the guarantee).
    """
    text = _once(name)
    for _ in range(4):
        again = _once(text)
        if again == text:
            break
        text = again
    return text


def name_key(name: str) -> str:
    """How file systems compare names: case-insensitive, normalization-insensitive."""
    return unicodedata.normalize("NFC", name).casefold()


def numbered_name(name: str, number: int) -> str:
    """``numbered_name("a.log", 2) == "a (2).log"``, still within the length limits."""
    stem, ext = _split_ext(name)
    return safe_filename(fit_name(stem, ext, f" ({number})"))


def _numbered(name: str, taken: set[str]) -> str:
    number = 2
    while name_key(candidate := numbered_name(name, number)) in taken:
        number += 1
    return candidate


def unique_names(names: Iterable[str]) -> list[str]:
    """Safe names, unique case-insensitively, in order: ``a.log``, ``a (2).log``.

    The first holder of a name keeps it, even when an earlier duplicate would
    otherwise be numbered into it (``a``, ``a``, ``a (2)`` -> ``a``, ``a (3)``, ``a (2)``).
    """
    safe = [safe_filename(name) for name in names]
    keepers: dict[str, int] = {}
    for index, name in enumerate(safe):
        keepers.setdefault(name_key(name), index)
    taken = set(keepers)
    result: list[str] = []
    for index, name in enumerate(safe):
        if keepers[name_key(name)] == index:
            result.append(name)
            continue
        numbered = _numbered(name, taken)
        taken.add(name_key(numbered))
        result.append(numbered)
    return result
