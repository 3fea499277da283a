"""Upload bodies and upload budgets shared by the connectors that send files as JSON.

Autotask and HaloPSA take an attachment as a base64 string inside a JSON document.
Building that string in memory would hold the file one and a third times over (and a
6 MiB log becomes an 8 MiB body), so :class:`Base64JsonBody` encodes the file chunk by
chunk while httpx sends it, with progress and cancel between chunks, and can be sent
again from the start when the HTTP client retries.

:class:`AttachmentBudget` is a client-side account of bytes sent in a sliding window,
for systems that block uploads for a while once a volume is crossed (Autotask: more
than 10,000,000 bytes in 5 minutes blocks attachments for 5 minutes).
"""

from __future__ import annotations

import base64
import codecs
import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from handoff.delivery.connector import Cancelled, Progress

_CHUNK = 3 * 64 * 1024
"""Read size: a multiple of 3, so consecutive chunks encode without padding between them."""
_MARKER = "\x00handoff-file\x00"


def _with_value(document: object, key: str, value: str) -> object:
    """``document`` (a dict, or a list whose first item is the dict) with ``key`` set."""
    if isinstance(document, list):
        return [{**document[0], key: value}, *document[1:]]
    if not isinstance(document, dict):
        raise TypeError("a Base64JsonBody document is a dict or a list of one dict")
    return {**document, key: value}


class Base64JsonBody:
    """A JSON request body whose one string field is a file, base64-encoded as it is sent.

    Iterable again from the start for every try (httpx re-iterates it on a retry), with a
    known length so the request carries ``Content-Length`` rather than chunked encoding
    (which some API gateways refuse).  Progress counts file bytes; a set ``cancel`` stops
    it between chunks with :class:`~handoff.delivery.connector.Cancelled`.
    """

    def __init__(
        self, document: object, key: str, path: Path, progress: Progress,
        cancel: threading.Event,
    ) -> None:  # fmt: skip
        text = json.dumps(_with_value(document, key, _MARKER))
        head, tail = text.split(json.dumps(_MARKER), 1)
        self.head, self.tail = f'{head}"'.encode(), f'"{tail}'.encode()
        self.path, self.size = path, path.stat().st_size
        self.progress, self.cancel = progress, cancel

    def __len__(self) -> int:
        return len(self.head) + 4 * ((self.size + 2) // 3) + len(self.tail)

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        done = 0
        with self.path.open("rb") as raw:
            while chunk := raw.read(_CHUNK):
                if self.cancel.is_set():
                    raise Cancelled("upload cancelled")
                done += len(chunk)
                yield base64.b64encode(chunk)
                self.progress(min(done, self.size), self.size)
        yield self.tail

    def request_args(self) -> dict[str, Any]:
        """``content`` and ``headers`` for :meth:`HttpClient.request`."""
        headers = {"Content-Type": "application/json", "Content-Length": str(len(self))}
        return {"content": self, "headers": headers}


class AttachmentBudget:
    """Bytes sent per key (a system's database) within the last ``window`` seconds.

    Crossing a system's volume limit would make every later upload fail for a while, so
    a connector asks :meth:`wait_for` first and waits - or reports how long - before
    crossing it.  The account is per process: other integrations on the same database
    are invisible to us, so the server's own refusal is still reported when it comes.
    """

    def __init__(
        self, limit: int = 10_000_000, window: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:  # fmt: skip
        self.limit, self.window, self.clock = limit, window, clock
        self._sent: dict[str, deque[tuple[float, int]]] = {}
        self._lock = threading.Lock()

    def wait_for(self, key: str, size: int) -> float:
        """Seconds until ``size`` more bytes fit in the window (0 when they fit now)."""
        with self._lock:
            now, sent = self.clock(), self._sent.setdefault(key, deque())
            while sent and sent[0][0] <= now - self.window:
                sent.popleft()
            used = sum(n for _, n in sent)
            if used + size <= self.limit:
                return 0.0
            for when, n in sent:  # oldest first: each one leaving the window frees its bytes
                used -= n
                if used + size <= self.limit:
                    return when + self.window - now
            return self.window

    def record(self, key: str, size: int) -> None:
        with self._lock:
            self._sent.setdefault(key, deque()).append((self.clock(), size))


class UploadStream:
    """A file read in chunks for httpx: counts progress, stops on cancel."""

    def __init__(self, raw: Any, total: int, progress: Progress, cancel: threading.Event):
        self.raw, self.total, self.done = raw, total, 0
        self.progress, self.cancel = progress, cancel

    def read(self, size: int = -1) -> bytes:
        if self.cancel.is_set():
            raise Cancelled("upload cancelled")
        chunk: bytes = self.raw.read(size)
        if chunk:
            self.done += len(chunk)
            self.progress(min(self.done, self.total), self.total)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        position: int = self.raw.seek(offset, whence)
        self.done = position
        return position

    def tell(self) -> int:
        position: int = self.raw.tell()
        return position

    def fileno(self) -> int:
        number: int = self.raw.fileno()
        return number


def is_utf8(path: Path) -> bool:
    """True when the whole file decodes as UTF-8 (read in chunks: logs can be large)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
