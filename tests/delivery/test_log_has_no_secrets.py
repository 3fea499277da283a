"""After full runs with real credentials, no log file and no diagnostics zip holds a secret.

Each test turns the app's file log on at DEBUG (httpx and httpcore log every request
then), takes its secrets from a password store as the app does, posts a real handoff
- to the run's real Request Tracker, or to a vendor fake on loopback with a refused
secret (401) and retried 5xx answers so the error paths log too - and adds the lines a
careless future change might write (a connector's state, an exception quoting the
secret).  Then every log file and a diagnostics zip are searched for every secret in
plain, URL-encoded and base64 (Basic auth) form.

The registered-secret list is emptied first, so only the app's own code paths (the
keyring read, ``connect()``, the Halo token, the ConnectWise Basic header) can have
told the log filter what to remove.
"""

from __future__ import annotations

import base64
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from pytest_httpserver import HTTPServer

from handoff import applog, diagnostics
from handoff.delivery.connections import ConnectionStore
from handoff.delivery.connector import ConnectionProfile, Connector
from handoff.delivery.connectors import connect
from handoff.delivery.connectors.autotask import AutotaskConnector
from handoff.delivery.connectors.uploads import AttachmentBudget
from handoff.delivery.http import HttpClient, RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox
from handoff.delivery.poster import Poster
from handoff.model import Handoff
from tests.delivery import test_autotask as at_
from tests.delivery import test_connectwise as cw_
from tests.delivery import test_halopsa as halo_
from tests.delivery.conftest import Fault, Scene
from tests.helpers.app_log import configured_log
from tests.helpers.memory_keyring import MemoryKeyring

careless = logging.getLogger("handoff.delivery.careless")


@pytest.fixture
def file_log(data_dir: Path) -> Iterator[Path]:
    with configured_log(logging.DEBUG) as path:
        yield path


@pytest.fixture
def store() -> ConnectionStore:
    return ConnectionStore(backend=MemoryKeyring())


def forms(secret: str, *basic_users: str) -> set[str]:
    """Every way ``secret`` could be written down, Basic auth with ``basic_users`` included."""
    found = {secret, quote(secret, safe=""), quote_plus(secret),
             base64.b64encode(secret.encode()).decode().rstrip("=")}  # fmt: skip
    for user in basic_users:
        found.add(base64.b64encode(f"{user}:{secret}".encode()).decode().rstrip("="))
    return found


def post_with_stored_secret(
    store: ConnectionStore, outbox: Outbox, profile: ConnectionProfile, secret: str, *,
    policy: RetryPolicy, handoff: Handoff, ticket: str,
) -> ItemState:  # fmt: skip
    """Save the profile and secret, then post as the app does: secret read from the store."""
    store.save(profile)
    store.set_secret(profile.name, secret)
    applog.forget_secrets()  # only the read below may register it

    def factory(name: str) -> tuple[Connector, ConnectionProfile]:
        saved = store.get(name)
        connector = connect(saved, store.get_secret(name) or "", policy=policy,
                            client=HttpClient(saved.url, timeout=10, policy=policy))  # fmt: skip
        careless.debug("built connector %s: %r", name, vars(connector))
        return connector, saved

    item = outbox.add_draft(handoff, connection=profile.name, ticket_id=ticket)
    done = Poster(outbox, factory, policy=policy).post(item.id)
    try:
        raise RuntimeError(f"the server echoed our credentials: {secret}")
    except RuntimeError:
        careless.exception("post finished as %s", done.state)
    return done.state


def assert_nowhere(file_log: Path, tmp_path: Path, secrets: set[str]) -> None:
    applog.flush()
    texts = {p.name: p.read_text(encoding="utf-8") for p in applog.log_files()}
    assert "HTTP Request: POST" in texts["handoff.log"], "httpx logged the requests"
    zipped = diagnostics.write_zip(tmp_path / "diag.zip")
    with zipfile.ZipFile(zipped) as archive:
        for name in archive.namelist():
            texts[f"zip:{name}"] = archive.read(name).decode("utf-8", errors="replace")
    leaks = [(name, s) for name, text in texts.items() for s in secrets if s in text]
    assert leaks == []
    assert applog.REDACTED in texts["handoff.log"]


def test_request_tracker_with_a_real_token_and_a_refused_one(
    file_log: Path, store: ConnectionStore, scene: Scene, policy: RetryPolicy, tmp_path: Path
) -> None:
    token, wrong = scene.rt.token, "rt-wrong-token-0123456789"
    args: dict[str, Any] = {"policy": policy, "handoff": scene.handoff, "ticket": scene.ticket}
    profile = scene.profile
    assert post_with_stored_secret(store, Outbox(), profile, token, **args) is ItemState.POSTED
    assert post_with_stored_secret(store, Outbox(), profile, wrong, **args) is ItemState.FAILED
    assert_nowhere(file_log, tmp_path, forms(token) | forms(wrong))


def test_connectwise_with_a_lost_answer_and_a_refused_key(  # noqa: PLR0917 - fixtures
    file_log: Path, store: ConnectionStore, httpserver: HTTPServer, outbox: Outbox,
    handoff: Handoff, policy: RetryPolicy, tmp_path: Path,
) -> None:  # fmt: skip
    fake = cw_.FakeConnectWise(httpserver)
    fake.fault("add_note", Fault("after", 500))
    fields = {"company_id": cw_.COMPANY, "public_key": cw_.PUBLIC, "client_id": cw_.CLIENT_ID}
    profile = ConnectionProfile(name="cw", kind="connectwise", url=fake.url, fields=fields)
    args: dict[str, Any] = {"policy": policy, "handoff": handoff, "ticket": str(cw_.TICKET)}
    assert post_with_stored_secret(store, outbox, profile, cw_.PRIVATE, **args) is ItemState.POSTED
    assert post_with_stored_secret(store, outbox, profile, cw_.WRONG, **args) is ItemState.FAILED
    user = f"{cw_.COMPANY}+{cw_.PUBLIC}"
    secrets = forms(cw_.PRIVATE, user) | forms(cw_.WRONG, user) | {cw_.CLIENT_ID}
    assert_nowhere(file_log, tmp_path, secrets)
    assert fake.problems == []


def test_halopsa_with_a_revoked_token_and_a_retried_5xx(  # noqa: PLR0917 - fixtures
    file_log: Path, store: ConnectionStore, httpserver: HTTPServer, outbox: Outbox,
    handoff: Handoff, policy: RetryPolicy, tmp_path: Path,
) -> None:  # fmt: skip
    fake = halo_.FakeHalo(httpserver)
    fake.fault("upload", Fault("before", 401, {"message": "token expired"}))
    fake.fault("statuses", Fault("before", 503))
    fields = {"client_id": halo_.CLIENT_ID, "tenant": halo_.TENANT}
    profile = ConnectionProfile(name="halo", kind="halopsa", url=fake.url, fields=fields)
    args: dict[str, Any] = {"policy": policy, "handoff": handoff, "ticket": str(halo_.TICKET)}
    assert post_with_stored_secret(store, outbox, profile, halo_.SECRET, **args) is (
        ItemState.POSTED
    )
    assert len(fake.tokens) >= 2, "a bearer token was refused and renewed"
    careless.debug("token answer was %s", {"access_token": fake.tokens[0]})
    assert_nowhere(file_log, tmp_path, forms(halo_.SECRET) | set(fake.tokens))
    assert fake.problems == []


def test_autotask_with_thread_limit_refusals(  # noqa: PLR0917 - fixtures
    file_log: Path, store: ConnectionStore, httpserver: HTTPServer, outbox: Outbox,
    handoff: Handoff, policy: RetryPolicy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(AutotaskConnector, "budget", AttachmentBudget())
    fake = at_.FakeAutotask(httpserver)
    fake.fault("add_note", at_.THREAD_LIMIT)
    fields = {"username": at_.USER, "integration_code": at_.CODE, "min_interval": "0"}
    profile = ConnectionProfile(name="at", kind="autotask", url=fake.url, fields=fields)
    args: dict[str, Any] = {"policy": policy, "handoff": handoff, "ticket": str(at_.TICKET)}
    assert post_with_stored_secret(store, outbox, profile, at_.SECRET, **args) is ItemState.POSTED
    assert_nowhere(file_log, tmp_path, forms(at_.SECRET) | forms(at_.CODE))
    assert fake.problems == []
