"""The delivery commands of ``handoff``: ``post``, ``outbox`` and ``connections``.

``handoff.cli`` adds them with :func:`handoff.delivery.cli_args.register` and runs them
with :func:`run`.
Like every ``handoff`` command they print errors as one line on stderr
(``handoff: error: <reason>``) and only the command's output on stdout, and they
never load Qt.

Commands::

    handoff post PACKAGE --to CONNECTION --ticket ID [--reply-to-user] [--secret-stdin]
    handoff outbox [list]          one line per item: id, state, ticket, steps, link/reason
    handoff outbox retry [ID]      the item, or every queued / interrupted item
    handoff outbox cancel ID       stops it at the next safe point (even in another process)
    handoff connections [list]
    handoff connections add NAME --kind KIND --url URL [--field KEY=VALUE …] [--secret-stdin]
    handoff connections test NAME [--secret-stdin]
    handoff connections remove NAME

``PACKAGE`` is a ``.handoff.zip`` or a draft ``.json``.  The secret comes from the
OS keyring; ``--secret-stdin`` reads it from the first line of stdin instead (for
scripts, and for machines without a password store, where it is never saved);
otherwise, on a terminal, it is asked for.

=====  ========================================================================
code   meaning
=====  ========================================================================
0      posted (stdout: the ticket's link); outbox / connections command done
1      not posted: queued in the outbox (offline, rate limited: the reason is
       given; ``handoff outbox retry`` later) or failed (token refused, ticket
       not found, a status with no match ...); package not intact; a connection
       test failed
2      usage error, unknown connection / kind / outbox item, no secret available,
       or the package / draft cannot be read
3      connections.json or the outbox could not be written
130    interrupted (the item stays in the outbox and resumes without duplicates)
=====  ========================================================================
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from handoff import applog
from handoff.delivery.connections import ConnectionStore, KeyringUnavailable, ProfileError
from handoff.delivery.connector import ConnectionProfile, Connector, ConnectorError
from handoff.delivery.connectors import KINDS, connect, needs_secret
from handoff.delivery.http import RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox, OutboxError, OutboxItem
from handoff.delivery.poster import Poster
from handoff.migrations import HandoffFormatError, handoff_from_json
from handoff.package import PackageError, open_package

EXIT_OK = 0
EXIT_NOT_POSTED = 1
EXIT_USAGE = 2
EXIT_WRITE_FAILED = 3


class CommandError(Exception):
    def __init__(self, reason: str, code: int) -> None:
        super().__init__(reason)
        self.code = code


def _say(reason: object, label: str = "error") -> None:
    print(f"handoff: {label}: {' '.join(str(reason).split())}", file=sys.stderr)


# -- secrets and connectors --------------------------------------------------------------


class _Secrets:
    """One secret per connection for this run: stdin, the keyring, or a prompt."""

    def __init__(self, store: ConnectionStore, from_stdin: bool) -> None:
        self.store, self.from_stdin = store, from_stdin
        self._cache: dict[str, str] = {}
        self._stdin: str | None = None

    def _read_stdin(self) -> str:
        if self._stdin is None:
            self._stdin = sys.stdin.readline().strip()
        if not self._stdin:
            raise CommandError("--secret-stdin: stdin gave no secret", EXIT_USAGE)
        return self._stdin

    def get(self, name: str) -> str:
        if name not in self._cache:
            self._cache[name] = self._find(name)
            applog.register_secret(self._cache[name])
        return self._cache[name]

    def for_profile(self, profile: ConnectionProfile) -> str:
        """The secret ``profile`` needs, or "" when it needs none (an open SMTP relay)."""
        return self.get(profile.name) if needs_secret(profile) else ""

    def _find(self, name: str) -> str:
        if self.from_stdin:
            return self._read_stdin()
        try:
            if saved := self.store.get_secret(name):
                return saved
        except KeyringUnavailable as exc:
            _say(exc, "warning")
        if sys.stdin.isatty():
            return getpass.getpass(f"Secret (API token) for {name}: ").strip()
        raise CommandError(f"no secret saved for {name!r}: pass it with --secret-stdin", EXIT_USAGE)


def _profile(store: ConnectionStore, name: str) -> ConnectionProfile:
    try:
        profile = store.get(name)
    except ProfileError as exc:
        raise CommandError(str(exc), EXIT_USAGE) from None
    if profile.kind not in KINDS:
        raise CommandError(f"connection {name!r} has an unknown kind {profile.kind!r}", EXIT_USAGE)
    return profile


@dataclass
class _Context:
    """What every command works with: the stores, the retry timing, this run's secrets."""

    store: ConnectionStore
    outbox: Outbox
    policy: RetryPolicy | None
    secrets: _Secrets

    def connector(self, name: str) -> tuple[Connector, ConnectionProfile]:
        """The poster's factory: a missing connection or secret fails the item, one line."""
        try:
            profile = _profile(self.store, name)
            secret = self.secrets.for_profile(profile)
        except CommandError as exc:
            raise ConnectorError(str(exc)) from None
        return connect(profile, secret, policy=self.policy), profile

    def poster(self) -> Poster:
        return Poster(self.outbox, self.connector, policy=self.policy)


# -- post and outbox ---------------------------------------------------------------------------


def _enqueue(ns: argparse.Namespace, outbox: Outbox, profile: ConnectionProfile) -> OutboxItem:
    path: Path = ns.package
    try:
        if path.suffix.lower() == ".json":
            handoff = handoff_from_json(path.read_bytes())
            return outbox.add_draft(handoff, connection=profile.name, ticket_id=ns.ticket,
                                    user_reply=ns.reply_to_user)  # fmt: skip
        opened = open_package(path)
    except (PackageError, HandoffFormatError) as exc:
        raise CommandError(f"{path}: {exc}", EXIT_USAGE) from None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}", EXIT_USAGE) from None
    if not opened.ok:
        raise CommandError(f"{path} is not intact: run 'handoff verify {path}'", EXIT_NOT_POSTED)
    return outbox.add_package(opened, connection=profile.name, ticket_id=ns.ticket,
                              user_reply=ns.reply_to_user)  # fmt: skip


def _outcome(item: OutboxItem) -> int:
    """Report a posted / queued / failed item; the exit code that goes with it."""
    if item.state is ItemState.POSTED:
        print(item.link or f"posted to ticket {item.ticket_id}")
        return EXIT_OK
    if item.state is ItemState.QUEUED:
        _say(f"not posted yet, kept in the outbox as {item.id}: {item.reason}; "
             f"run 'handoff outbox retry {item.id}' later")  # fmt: skip
    else:
        _say(f"not posted ({item.state.value}, outbox item {item.id}): {item.reason}")
    return EXIT_NOT_POSTED


def _cmd_post(ns: argparse.Namespace, ctx: _Context) -> int:
    profile = _profile(ctx.store, ns.connection)
    ctx.secrets.for_profile(profile)  # ask before anything is queued
    item = _enqueue(ns, ctx.outbox, profile)
    return _outcome(ctx.poster().post(item.id))


def _retry(ns: argparse.Namespace, ctx: _Context) -> int:
    outbox = ctx.outbox
    if ns.item:
        items = [outbox.load(ns.item)]
    else:
        waiting = (ItemState.QUEUED, ItemState.POSTING)
        items = [i for i in outbox.items() if i.state in waiting and not outbox.is_locked(i.id)]
    poster = ctx.poster()
    codes = [_outcome(poster.post(item.id)) for item in items]
    if not items:
        print("nothing to retry")
    return max(codes, default=EXIT_OK)


def _cancel(ns: argparse.Namespace, outbox: Outbox) -> int:
    if not ns.item:
        raise CommandError("outbox cancel needs the item's ID (see 'handoff outbox')", EXIT_USAGE)
    item = outbox.load(ns.item)
    if item.state is ItemState.POSTED:
        raise CommandError(f"{item.id} is already posted", EXIT_NOT_POSTED)
    if outbox.is_locked(item.id):
        outbox.request_cancel(item.id)
        print(f"cancel requested: {item.id} stops at the next safe point")
        return EXIT_OK
    item.state, item.reason = ItemState.CANCELLED, "cancelled by the engineer"
    outbox.save(item)
    print(item.summary())
    return EXIT_OK


def _cmd_outbox(ns: argparse.Namespace, ctx: _Context) -> int:
    if ns.action == "retry":
        return _retry(ns, ctx)
    if ns.action == "cancel":
        return _cancel(ns, ctx.outbox)
    for item in ctx.outbox.items():
        print(item.summary())
    return EXIT_OK


# -- connections ----------------------------------------------------------------------------------


def _fields(pairs: Sequence[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"--field {pair!r}: expected KEY=VALUE", EXIT_USAGE)
        fields[key.strip()] = value
    return fields


def _add(ns: argparse.Namespace, ctx: _Context) -> int:
    store = ctx.store
    if not ns.kind or not ns.url:
        raise CommandError("connections add needs --kind and --url", EXIT_USAGE)
    fields = _fields(ns.field)
    try:
        profile = ConnectionProfile(name=ns.name, kind=ns.kind, url=ns.url, fields=fields)
    except ValueError as exc:  # pydantic's ValidationError
        reason = str(exc).splitlines()[0]
        raise CommandError(f"connection {ns.name!r}: {reason}", EXIT_USAGE) from None
    secret = ""
    if ns.secret_stdin:
        secret = ctx.secrets.get(ns.name)
    elif sys.stdin.isatty():
        secret = getpass.getpass(f"Secret (API token) for {ns.name}: ").strip()
    profile = store.save(profile)
    print(f"added {profile.name} ({profile.kind}, {profile.url})")
    if not secret:
        _say("no secret given: Handoff will ask for it when posting", "warning")
        return EXIT_OK
    try:
        store.set_secret(profile.name, secret)
    except KeyringUnavailable as exc:
        _say(exc, "warning")
    return EXIT_OK


def _secret_state(store: ConnectionStore, name: str) -> str:
    try:
        return "secret saved" if store.get_secret(name) else "no secret saved"
    except KeyringUnavailable:
        return "no password store"


def _test(ns: argparse.Namespace, ctx: _Context) -> int:
    profile = _profile(ctx.store, ns.name)
    connector = connect(profile, ctx.secrets.for_profile(profile), policy=ctx.policy)
    try:
        print(connector.test())
    except ConnectorError as exc:
        raise CommandError(f"{profile.name}: {exc}", EXIT_NOT_POSTED) from None
    finally:
        close = getattr(connector, "close", None)
        if callable(close):
            close()
    return EXIT_OK


def _cmd_connections(ns: argparse.Namespace, ctx: _Context) -> int:
    store = ctx.store
    if ns.action != "list" and not ns.name:
        raise CommandError(f"connections {ns.action} needs a NAME", EXIT_USAGE)
    if ns.action == "add":
        return _add(ns, ctx)
    if ns.action == "test":
        return _test(ns, ctx)
    if ns.action == "remove":
        removed = store.remove(ns.name)
        print(f"removed {removed.name} and its saved secret")
        return EXIT_OK
    for profile in store.list():
        secret = _secret_state(store, profile.name)
        print(f"{profile.name}  {profile.kind}  {profile.url}  {secret}")
    return EXIT_OK


_HANDLERS: dict[str, Callable[[argparse.Namespace, _Context], int]] = {
    "post": _cmd_post,
    "outbox": _cmd_outbox,
    "connections": _cmd_connections,
}


def run(ns: argparse.Namespace, *, policy: RetryPolicy | None = None) -> int:
    """Run a parsed delivery command; every failure is one stderr line and an exit code.

    ``policy`` replaces the retry timing (tests pass one that does not really sleep).
    KeyboardInterrupt is left to the caller (``handoff.cli`` turns it into 130).
    """
    try:
        store = ConnectionStore()
        ctx = _Context(store, Outbox(), policy, _Secrets(store, ns.secret_stdin))
        return _HANDLERS[ns.command](ns, ctx)
    except CommandError as exc:
        _say(exc)
        return exc.code
    except (ProfileError, OutboxError) as exc:
        _say(exc)
        return EXIT_USAGE
    except OSError as exc:
        _say(f"cannot write {exc.filename or 'a file'}: {exc.strerror or exc}")
        return EXIT_WRITE_FAILED
