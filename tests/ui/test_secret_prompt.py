"""Asking for a connection's secret: by the name the system gives it, and only when needed.

An engineer adding a ConnectWise connection knows a "Private key", not an "API token";
an e-mail connection to a relay that trusts the network (``smtp_auth=none``) has no
secret at all and must never stop a post or a retry to ask for one.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from handoff.delivery.connections import ConnectionStore
from handoff.delivery.connector import ConnectionProfile
from handoff.ui.delivery.services import DeliveryServices, close_connector
from tests.helpers.memory_keyring import MemoryKeyring

RELAY_FIELDS = {"smtp_host": "127.0.0.1", "smtp_port": "9", "smtp_security": "none",
                "smtp_auth": "none", "from": "a@example.com", "to": "b@example.com"}  # fmt: skip


class Asked:
    """The fake prompt: records (connection, label) and answers ``answer``."""

    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str]] = []

    def __call__(self, _parent: QWidget, connection: str, label: str) -> str | None:
        self.calls.append((connection, label))
        return self.answer


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def services(asked: Asked, *profiles: ConnectionProfile) -> DeliveryServices:
    store = ConnectionStore(backend=MemoryKeyring())
    for profile in profiles:
        store.save(profile)
    return DeliveryServices(store=store, ask=asked, synchronous=True)


@pytest.mark.usefixtures("data_dir")
@pytest.mark.parametrize(
    ("kind", "fields", "label"),
    [
        ("rt", {}, "API token"),
        ("connectwise", {"company_id": "acme", "public_key": "pub", "client_id": "cid"},
         "Private key"),
        ("halopsa", {"client_id": "cid"}, "Client secret"),
        ("email", {"smtp_host": "127.0.0.1", "from": "a@example.com", "to": "b@example.com"},
         "SMTP password"),
    ],
)  # fmt: skip
def test_the_prompt_names_the_secret_as_the_system_does(
    parent: QWidget, kind: str, fields: dict[str, str], label: str
) -> None:
    asked = Asked("typed-secret")
    profile = ConnectionProfile(name="psa", kind=kind, url="http://127.0.0.1:9", fields=fields)
    delivery = services(asked, profile)
    assert delivery.secret_for(parent, "psa") == "typed-secret"
    assert asked.calls == [("psa", label)]
    assert delivery.secret_for(parent, "psa") == "typed-secret"  # kept for this run
    assert len(asked.calls) == 1


@pytest.mark.usefixtures("data_dir")
def test_a_relay_without_login_is_never_asked_for_a_secret(parent: QWidget) -> None:
    asked = Asked(None)
    relay = ConnectionProfile(name="relay", kind="email", url="http://127.0.0.1:9",
                              fields=RELAY_FIELDS)  # fmt: skip
    delivery = services(asked, relay)
    assert delivery.secret_for(parent, "relay") == ""  # not None: posting goes on
    connector, profile = delivery.connector("relay")  # the background retrier's path
    assert profile.name == "relay" and connector.kind == "email"
    close_connector(connector)
    assert asked.calls == []


@pytest.mark.usefixtures("data_dir")
def test_a_cancelled_prompt_is_none(parent: QWidget) -> None:
    asked = Asked(None)
    delivery = services(asked, ConnectionProfile(name="rt1", kind="rt", url="http://127.0.0.1:9"))
    assert delivery.secret_for(parent, "rt1") is None
    assert asked.calls == [("rt1", "API token")]
