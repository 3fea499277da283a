"""One HTTP client per connection: timeouts, clear reasons, bounded retries.

Ticket systems are reached over flaky hotel Wi-Fi and through proxies, so every
request goes through :meth:`HttpClient.request`, which decides what a failure
means:

* nothing was sent (connection refused, DNS, no route, connect timeout): retried
  with backoff, then :class:`~handoff.delivery.connector.Offline` - the outbox
  keeps the item queued with that reason;
* 429: the server did not do the work; we wait ``Retry-After`` (bounded) and retry;
* a 5xx, a dropped connection or a read timeout *after* the request was sent: an
  idempotent request (GET, PUT of a field) is simply retried with backoff and
  jitter; a POST that creates something is **not** repeated here but raised as an
  *ambiguous* error, because the server may have done the work - the poster
  re-reads the ticket and only redoes it if it is not there;
* 401/403 and other 4xx that retrying cannot fix: raised at once, one line.

Sleeps go through :class:`RetryPolicy`, which tests replace so nothing really
waits; a cancel event interrupts every wait.  Secrets travel only in headers and
are never put into a message or a log line (only method, path and status are logged).
"""

from __future__ import annotations

import email.utils
import errno
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from handoff import __version__
from handoff.delivery.connector import (
    AuthError,
    Cancelled,
    ConnectorError,
    NotFound,
    Offline,
    TooLarge,
)

log = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
Sleep = Callable[[float], None]


@dataclass
class RetryPolicy:
    """How often and how long to retry; shared by the HTTP client and the poster.

    Delays grow exponentially from ``base`` to ``cap`` with "equal jitter" (half fixed,
    half random) so many clients coming back online do not hammer a server in step.
    """

    max_tries: int = 5
    base: float = 0.5
    cap: float = 30.0
    max_retry_after: float = 120.0
    """A 429 asking for longer than this is not waited out: the item stays queued."""
    sleep: Sleep | None = None
    """Replaces the real wait (tests); ``None`` waits on the cancel event."""
    rng: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait before try ``attempt + 1`` (``attempt`` counts from 0)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        step = min(self.cap, self.base * 2.0**attempt)
        jitter: float = self.rng()
        return step / 2 + step / 2 * jitter

    def wait(self, seconds: float, cancel: threading.Event | None) -> None:
        """Wait ``seconds``; raise :class:`Cancelled` as soon as ``cancel`` is set."""
        if self.sleep is not None:
            self.sleep(seconds)
        elif cancel is not None:
            cancel.wait(seconds)
        else:
            time.sleep(seconds)
        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled while waiting to retry")


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _cause_reason(cause: BaseException, host: str) -> ConnectorError | None:
    if isinstance(cause, ssl.SSLCertVerificationError):
        reason = cause.verify_message or "certificate verification failed"
        return ConnectorError(f"the TLS certificate of {host} is not trusted: {reason}")
    if isinstance(cause, ssl.SSLError):
        return ConnectorError(f"TLS handshake with {host} failed: {cause.reason or cause}")
    if isinstance(cause, socket.gaierror):
        return Offline(f"cannot find {host} (DNS lookup failed): offline or a wrong URL")
    if isinstance(cause, OSError) and cause.errno == errno.ECONNREFUSED:
        return Offline(f"{host} refused the connection: the server is down or the URL is wrong")
    return None


def _connect_reason(exc: httpx.TransportError, host: str) -> ConnectorError:
    """A failure before anything was sent: TLS problems are fatal, the rest is offline."""
    for cause in _causes(exc):
        if (reason := _cause_reason(cause, host)) is not None:
            return reason
    text = str(exc) or type(exc).__name__
    if "Name or service not known" in text or "nodename nor servname" in text:
        return Offline(f"cannot find {host} (DNS lookup failed): offline or a wrong URL")
    if "Connection refused" in text:
        return Offline(f"{host} refused the connection: the server is down or the URL is wrong")
    if isinstance(exc, httpx.ConnectTimeout):
        return Offline(f"{host} did not answer the connection in time: offline?")
    return Offline(f"cannot reach {host}: {text}")


def _server_message(response: httpx.Response) -> str:
    """The system's own explanation (``{"message": …}`` and friends), or the reason phrase."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict):
        for key in ("message", "error", "detail", "title"):
            if isinstance(data.get(key), str) and data[key].strip():
                return str(data[key]).strip()[:300]
    return response.reason_phrase or "error"


_FIXED: dict[int, tuple[type[ConnectorError], str]] = {
    401: (AuthError, "the API token was refused (401): check the connection in Settings"),
    403: (AuthError, "the API token was refused (403): check the connection in Settings"),
    404: (NotFound, "not found (404)"),
    413: (TooLarge, "the server refused the upload as too large (413)"),
}


def error_for_status(response: httpx.Response, *, idempotent: bool) -> ConnectorError:
    """The ConnectorError a non-2xx response means."""
    code = response.status_code
    if response.is_redirect:
        where = response.headers.get("Location", "elsewhere")
        return ConnectorError(f"the server redirected to {where}: put that address in the URL")
    message = _server_message(response)
    if code in _FIXED:
        kind, text = _FIXED[code]
        extra = "" if message == response.reason_phrase else f" ({message})"
        return kind(text + extra, status=code)
    if code == 429:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        return ConnectorError(
            f"rate limited by the server (429){_after(retry_after)}",
            retryable=True, retry_after=retry_after, status=code,
        )  # fmt: skip
    if code >= 500 or code == 408:
        return ConnectorError(
            f"the server had a problem ({code} {message})",
            retryable=True, ambiguous=not idempotent, status=code,
        )  # fmt: skip
    return ConnectorError(f"the server refused the request ({code}): {message}", status=code)


def _after(seconds: float | None) -> str:
    return "" if seconds is None else f": retry after {seconds:.0f} s"


class HttpClient:
    """A connection's HTTP client: one pool, fixed timeouts, the retry rules above."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 30.0,
        policy: RetryPolicy | None = None,
        min_interval: float = 0.0,
        transport: httpx.BaseTransport | None = None,
        verify: bool | ssl.SSLContext = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.policy = policy or RetryPolicy()
        self.min_interval = min_interval
        """Per-system throttle: at least this many seconds between requests (Autotask)."""
        self._last = 0.0
        self._lock = threading.Lock()
        self._client = httpx.Client(
            base_url=self.base_url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            verify=verify,
            headers={"User-Agent": f"Handoff/{__version__}"},
            follow_redirects=False,
        )

    @property
    def host(self) -> str:
        return self._client.base_url.host or self.base_url

    @property
    def headers(self) -> httpx.Headers:
        """Default headers of every request (a connector puts its auth header here)."""
        return self._client.headers

    def on_response(self, hook: Callable[[httpx.Response], None]) -> None:
        """Run ``hook`` on every answer before it is judged: a system that reports
        throttling only in the body (Autotask's thread limit) raises from here."""
        self._client.event_hooks["response"].append(hook)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _throttle(self) -> None:
        with self._lock:
            gap = self._last + self.min_interval - time.monotonic()
            if gap > 0:
                time.sleep(gap)
            self._last = time.monotonic()

    def _send_once(self, method: str, path: str, idempotent: bool, **kwargs: Any) -> httpx.Response:
        """One request; transport failures become ConnectorErrors with the right flags."""
        self._throttle()
        try:
            response = self._client.request(method, path, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise _connect_reason(exc, self.host) from None
        except httpx.TransportError as exc:  # sent (maybe partly), then lost
            kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "was cut off"
            raise ConnectorError(
                f"the connection to {self.host} {kind} before the answer arrived",
                retryable=True, ambiguous=not idempotent,
            ) from None  # fmt: skip
        log.info("%s %s -> %s", method, path, response.status_code)
        return response

    def request(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool | None = None,
        cancel: threading.Event | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """Send with the retry rules; returns a 2xx response or raises ConnectorError.

        ``idempotent`` defaults from the method (POST is not).  A file in ``files`` is
        read again from its start on a repeated try (httpx seeks it back to 0).
        """
        safe = method.upper() in IDEMPOTENT_METHODS if idempotent is None else idempotent
        for attempt in range(self.policy.max_tries):
            if cancel is not None and cancel.is_set():
                raise Cancelled("cancelled")
            try:
                response = self._send_once(method, path, safe, **kwargs)
                if response.is_success:
                    return response
                raise error_for_status(response, idempotent=safe)
            except ConnectorError as exc:
                if not self._should_retry(exc, attempt):
                    raise
                log.info("%s %s: %s; retrying", method, path, exc)
                self.policy.wait(self.policy.delay(attempt, exc.retry_after), cancel)
        raise AssertionError("unreachable")  # pragma: no cover - the loop raises or returns

    def _should_retry(self, exc: ConnectorError, attempt: int) -> bool:
        if not exc.retryable or exc.ambiguous or attempt + 1 >= self.policy.max_tries:
            return False
        return exc.retry_after is None or exc.retry_after <= self.policy.max_retry_after

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """``request`` and decode a JSON body (a non-JSON answer is a clear error)."""
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ConnectorError(
                f"{self.host} answered {method} {path} with something that is not JSON "
                f"({response.headers.get('Content-Type', 'no type')}): is the URL right?"
            ) from None
