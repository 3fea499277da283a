"""What the delivery windows share, made once by the main window (tests build their own).

:class:`DeliveryServices` holds the connection profiles, this run's :class:`Secrets`,
the outbox, the prefill cache and the retry timing, and builds connectors from them.

A secret comes from the OS keyring, else from what the engineer typed this run (held
in memory only, never written).  :meth:`DeliveryServices.connector` - the poster's
factory, which may run in the background - never asks: with no secret at hand the
item stays queued with the reason.  :meth:`DeliveryServices.secret_for` asks (on the
GUI thread) when the engineer started the action.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from handoff.delivery.connections import ConnectionStore, KeyringUnavailable, ProfileError
from handoff.delivery.connector import ConnectionProfile, Connector, ConnectorError
from handoff.delivery.connectors import connect, needs_secret, secret_label
from handoff.delivery.http import RetryPolicy
from handoff.delivery.outbox import Outbox
from handoff.delivery.prefill import TicketCache
from handoff.ui.dialogs import tr

SecretAsk = Callable[[QWidget, str, str], "str | None"]
"""``ask(parent, connection, label)``: the secret typed, or None when cancelled."""


def ask_secret(parent: QWidget, connection: str, label: str) -> str | None:
    """Ask for a connection's secret by its own name ("Private key"), password echo."""
    text, ok = QInputDialog.getText(
        parent, tr("%s for %s") % (label, connection),
        tr("%s for %s (kept in memory until Handoff closes):") % (label, connection),
        QLineEdit.EchoMode.Password,
    )  # fmt: skip
    return text.strip() if ok and text.strip() else None


def secret_label_text(kind: str) -> str:
    """What ``kind`` calls its secret, in the engineer's language.

    The connectors name it in English (core code has no Qt); the literals here are
    what lupdate extracts, so every label can be translated.
    """
    english = secret_label(kind)
    translated = {
        "API token": tr("API token"),
        "API secret": tr("API secret"),
        "Private key": tr("Private key"),
        "Client secret": tr("Client secret"),
        "SMTP password": tr("SMTP password"),
    }
    return translated.get(english, english)


def close_connector(connector: Connector) -> None:
    """Close the connector's connection pool, for connectors that hold one."""
    close = getattr(connector, "close", None)
    if callable(close):
        close()


class Secrets:
    """This run's secrets: the OS keyring first, else what the engineer typed (memory only)."""

    def __init__(self, store: ConnectionStore) -> None:
        self.store = store
        self._memory: dict[str, str] = {}

    def get(self, name: str) -> str | None:
        if (kept := self._memory.get(name.casefold())) is not None:
            return kept
        try:
            saved = self.store.get_secret(name)
        except KeyringUnavailable:
            return None
        if saved:  # the background retrier asks often: one keyring read per run
            self._memory[name.casefold()] = saved
        return saved

    def keep(self, name: str, secret: str, *, save: bool) -> str:
        """Hold ``secret`` for this run and, if ``save``, in the keyring; "" or why not saved."""
        self._memory[name.casefold()] = secret
        if not save:
            return ""
        try:
            self.store.set_secret(name, secret)
        except KeyringUnavailable as exc:
            return str(exc)
        return ""

    def forget(self, name: str) -> None:
        self._memory.pop(name.casefold(), None)

    def keyring_problem(self) -> str:
        """The plain sentence why secrets cannot be saved here, or ""."""
        try:
            self.store.backend()
        except KeyringUnavailable as exc:
            return str(exc)
        return ""


@dataclass
class DeliveryServices:
    """What the delivery windows share; built once by the main window (tests pass their own)."""

    store: ConnectionStore = field(default_factory=ConnectionStore)
    cache: TicketCache = field(default_factory=TicketCache)
    policy: RetryPolicy | None = None
    """Retry timing of posts (None: the real backoff)."""
    quick_policy: RetryPolicy = field(default_factory=lambda: RetryPolicy(max_tries=1))
    """Tests and lookups the engineer waits for: one try, then the reason (or the cache)."""
    ask: SecretAsk = ask_secret
    probe_ms: int = 30_000
    """How often the outbox retrier looks for items that are due."""
    start_ms: int = 3000
    """How long after start-up the window first retries queued items."""
    synchronous: bool = False
    secrets: Secrets = field(init=False)
    _outbox: Outbox | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.secrets = Secrets(self.store)

    @property
    def outbox(self) -> Outbox:
        if self._outbox is None:
            self._outbox = Outbox()
        return self._outbox

    def connect(self, profile: ConnectionProfile, secret: str, *, quick: bool = False) -> Connector:
        return connect(profile, secret, policy=self.quick_policy if quick else self.policy)

    def connector(self, name: str) -> tuple[Connector, ConnectionProfile]:
        """The poster's factory; no secret at hand keeps the item queued, with the reason."""
        try:
            profile = self.store.get(name)
        except ProfileError as exc:
            raise ConnectorError(str(exc)) from None
        if not needs_secret(profile):
            return self.connect(profile, ""), profile
        if not (secret := self.secrets.get(profile.name)):
            raise ConnectorError(
                f"no secret for {profile.name} in this run: press Retry in the Outbox to enter it",
                retryable=True,
            )  # fmt: skip
        return self.connect(profile, secret), profile

    def secret_for(self, parent: QWidget, name: str) -> str | None:
        """The secret, asking the engineer (GUI thread) when neither memory nor keyring has it.

        "" for a connection that needs none (an open SMTP relay); None when cancelled.
        """
        try:
            profile: ConnectionProfile | None = self.store.get(name)
        except ProfileError:
            profile = None
        if profile is not None and not needs_secret(profile):
            return ""
        if secret := self.secrets.get(name):
            return secret
        label = secret_label_text(profile.kind if profile is not None else "")
        if typed := self.ask(parent, name, label):
            self.secrets.keep(name, typed, save=False)
        return typed
