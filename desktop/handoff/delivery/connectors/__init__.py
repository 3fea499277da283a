"""The ticket systems Handoff can post to, one module each, and how to build one.

``KINDS`` maps a profile's ``kind`` to its connector class; :func:`connect` builds a
ready connector from a profile and its secret, with one :class:`HttpClient` per
connection (its timeout from the profile).
"""

from __future__ import annotations

from handoff import applog
from handoff.delivery.connector import ConnectionProfile, Connector
from handoff.delivery.connectors.autotask import AutotaskConnector
from handoff.delivery.connectors.connectwise import ConnectWiseConnector
from handoff.delivery.connectors.email import EmailConnector
from handoff.delivery.connectors.halopsa import HaloPsaConnector
from handoff.delivery.connectors.rt import RtConnector
from handoff.delivery.http import HttpClient, RetryPolicy

KINDS: dict[str, type[Connector]] = {
    RtConnector.kind: RtConnector,
    ConnectWiseConnector.kind: ConnectWiseConnector,
    AutotaskConnector.kind: AutotaskConnector,
    HaloPsaConnector.kind: HaloPsaConnector,
    EmailConnector.kind: EmailConnector,
}


def kind_names() -> list[str]:
    return sorted(KINDS)


def needs_secret(profile: ConnectionProfile) -> bool:
    """Whether posting through ``profile`` needs a secret at all.

    Every API does; an e-mail connection to a relay with ``smtp_auth=none`` does not,
    and must then never stop a post or a retry to ask for one.  A connector says so
    with an optional ``needs_secret(profile)`` class method.
    """
    check = getattr(KINDS.get(profile.kind), "needs_secret", None)
    return bool(check(profile)) if callable(check) else True


def secret_label(kind: str) -> str:
    """What ``kind`` calls its secret ("Private key", "API token")."""
    connector = KINDS.get(kind)
    return connector.secret_label if connector is not None else "API token"


def connect(
    profile: ConnectionProfile,
    secret: str,
    *,
    policy: RetryPolicy | None = None,
    client: HttpClient | None = None,
) -> Connector:
    """A connector for ``profile``; KeyError names no known kind (callers check first)."""
    kind = KINDS[profile.kind]
    applog.register_secret(secret)  # every connector's secret passes here: never in the log
    if client is None:
        client = HttpClient(profile.url, timeout=profile.timeout_seconds, policy=policy)
    return kind(profile, secret, client)  # type: ignore[call-arg]
