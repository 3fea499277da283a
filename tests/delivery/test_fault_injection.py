"""Faults injected at every step of a real post: the ticket still ends up right, once.

A loopback proxy in front of RT breaks the first request of each step - the note,
each attachment, the status and the owner - in one of four ways.  ``drop`` and
``stall`` let RT do the work and then hide the answer from the client (the
ambiguous case: the poster must look before redoing); ``503`` and ``429`` refuse
without doing anything (the poster must redo).  Either way the ticket must hold
exactly one note with the marker and one copy of each attachment.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from handoff.delivery.connector import AuthError, ConnectorError, NotFound, TooLarge
from handoff.delivery.http import HttpClient, RetryPolicy, parse_retry_after
from handoff.delivery.outbox import ItemState
from handoff.delivery.plan import note_marker
from tests.delivery.conftest import Scene
from tests.helpers.fault_proxy import FaultProxy, Rule, matching
from tests.helpers.rt_server import RtServer

CLIENT_TIMEOUT = 1.5


@pytest.fixture
def proxy(rt: RtServer) -> Iterator[FaultProxy]:
    parts = urlsplit(rt.url)
    upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
    with FaultProxy(upstream, stall_seconds=CLIENT_TIMEOUT + 1.0) as running:
        yield running


def _break_every_step(proxy: FaultProxy, action: str, scene: Scene) -> list[Rule]:
    comment, ticket = rf"/ticket/{scene.ticket}/comment$", rf"/ticket/{scene.ticket}$"
    rules = [proxy.add(action, matching("POST", comment, note_marker(scene.handoff.id)))]
    rules += [
        proxy.add(action, matching("POST", comment, f'filename="{a.name}"'))
        for a in scene.handoff.attachments
    ]
    rules.append(proxy.add(action, matching("PUT", ticket, '"Status"')))
    rules.append(proxy.add(action, matching("PUT", ticket, '"Owner"')))
    return rules


@pytest.mark.slow
@pytest.mark.parametrize("action", ["drop", "503", "429", "stall"])
def test_every_step_survives_the_fault_without_duplicates(
    action: str, scene: Scene, package: Path, proxy: FaultProxy
) -> None:
    rules = _break_every_step(proxy, action, scene)
    item = scene.queue_package(package)

    done = scene.post(item.id, url=proxy.url, timeout=CLIENT_TIMEOUT)

    assert done.state is ItemState.POSTED, done.reason
    assert [r.fired for r in rules] == [1] * len(rules), proxy.log
    scene.assert_posted_once()
    state = scene.state()
    assert (state["Status"], state["Owner"]["id"]) == ("stalled", "agent1")
    if action == "429":
        assert scene.sleeps == [1.0] * len(rules), "Retry-After: 1 is honoured every time"
    assert len(scene.sleeps) == len(rules), "one bounded wait per fault, no more"


def test_a_step_that_keeps_failing_gives_up_and_stays_queued(
    scene: Scene, proxy: FaultProxy
) -> None:
    rule = proxy.add("503", matching("POST", rf"/ticket/{scene.ticket}/comment$"), times=100)
    item = scene.queue_draft()

    done = scene.post(item.id, url=proxy.url)

    assert done.state is ItemState.QUEUED
    assert done.reason == "the server had a problem (503 try again later)"
    assert rule.fired == 5, "bounded: five tries"
    assert scene.sleeps == [0.375, 0.75, 1.5, 3.0], "exponential backoff with jitter (rng 0.5)"
    assert done.steps[0].sent, "the next run looks before it posts the note again"
    again = scene.post(item.id)  # the server is back
    assert again.state is ItemState.POSTED, again.reason
    scene.assert_posted_once()


# -- the HTTP layer's rules, one fault at a time -------------------------------------


def _client(policy: RetryPolicy, *answers: httpx.Response) -> tuple[HttpClient, list[str]]:
    """A client whose server gives ``answers`` in turn (the last one repeats)."""
    seen: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        return answers[min(len(seen), len(answers)) - 1]

    return HttpClient("https://rt.example.com", policy=policy,
                      transport=httpx.MockTransport(serve)), seen  # fmt: skip


def test_retry_after_is_seconds_or_an_http_date() -> None:
    now = datetime(2026, 5, 9, 9, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Sat, 09 May 2026 09:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Sat, 09 May 2026 08:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_reads_retry_a_5xx_and_then_succeed(policy: RetryPolicy, sleeps: list[float]) -> None:
    client, seen = _client(policy, httpx.Response(502), httpx.Response(504),
                           httpx.Response(200, json={"ok": True}))  # fmt: skip
    assert client.json("GET", "/x") == {"ok": True}
    assert seen == ["GET"] * 3 and sleeps == [0.375, 0.75]


def test_a_long_retry_after_is_not_waited_out(policy: RetryPolicy, sleeps: list[float]) -> None:
    client, _ = _client(policy, httpx.Response(429, headers={"Retry-After": "600"}))
    with pytest.raises(ConnectorError, match=r"\(429\): retry after 600 s") as caught:
        client.request("GET", "/x")
    assert caught.value.retryable and sleeps == []


@pytest.mark.parametrize(
    ("status", "kind", "message"),
    [
        (400, ConnectorError, "the server refused the request (400): Bad field Foo"),
        (401, AuthError, "the API token was refused (401): check the connection in Settings"),
        (403, AuthError, "the API token was refused (403): check the connection in Settings "
                         "(Bad field Foo)"),
        (404, NotFound, "not found (404) (Bad field Foo)"),
        (413, TooLarge, "the server refused the upload as too large (413) (Bad field Foo)"),
    ],
)  # fmt: skip
def test_a_4xx_is_one_line_and_never_retried(
    status: int, kind: type[ConnectorError], message: str, policy: RetryPolicy,
    sleeps: list[float],
) -> None:  # fmt: skip
    body = {"message": "Bad field\nFoo"} if status != 401 else {"message": "Unauthorized"}
    client, seen = _client(policy, httpx.Response(status, json=body))
    with pytest.raises(kind) as caught:
        client.request("POST", "/ticket/1/comment")
    assert str(caught.value) == message
    assert (seen, sleeps) == (["POST"], [])


def test_a_redirect_is_an_error_naming_the_new_address(policy: RetryPolicy) -> None:
    moved = httpx.Response(301, headers={"Location": "https://rt.example.com/rt/REST/2.0/rt"})
    client, _ = _client(policy, moved)
    with pytest.raises(ConnectorError, match=r"redirected to https://rt\.example\.com/rt/REST"):
        client.request("GET", "/REST/2.0/rt")


def test_tls_to_a_plain_http_server_fails_clearly_at_once(
    policy: RetryPolicy, sleeps: list[float]
) -> None:
    server = socket.create_server(("127.0.0.1", 0))

    def answer_in_plain_http() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=answer_in_plain_http, daemon=True)
    thread.start()
    client = HttpClient(f"https://127.0.0.1:{server.getsockname()[1]}", policy=policy)
    try:
        with pytest.raises(
            ConnectorError, match=r"TLS handshake with 127\.0\.0\.1 failed"
        ) as caught:
            client.request("GET", "/REST/2.0/rt")
    finally:
        thread.join(5)
        server.close()
    assert not caught.value.retryable and sleeps == []
