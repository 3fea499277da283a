"""The command-line arguments of ``post``, ``outbox`` and ``connections``.

Kept apart from :mod:`handoff.delivery.commands` so that building the ``handoff``
parser (on every start, the app's too) does not import the HTTP stack and every
connector: only running one of these commands does.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

COMMANDS = ("post", "outbox", "connections")
"""The ``ns.command`` values :func:`handoff.delivery.commands.run` handles."""

KIND_NAMES = ("rt", "connectwise", "autotask", "halopsa", "email")
"""Every connector kind; :data:`handoff.delivery.connectors.KINDS` must match (a test checks)."""


def kind_names() -> list[str]:
    return list(KIND_NAMES)


def _secret_flag(parser: argparse.ArgumentParser) -> None:
    text = "read the secret (API token) from the first line of stdin"
    parser.add_argument("--secret-stdin", action="store_true", help=text)


def _add_post(sub: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    text = "post a handoff package (or draft) to a ticket"
    p = sub.add_parser("post", parents=list(parents), help=text, description=text)
    p.add_argument("package", type=Path, metavar="PACKAGE")
    p.add_argument("--to", required=True, metavar="CONNECTION", dest="connection")
    p.add_argument("--ticket", required=True, metavar="ID")
    p.add_argument("--reply-to-user", action="store_true",
                   help="also send the user message to the ticket's requester")  # fmt: skip
    _secret_flag(p)


def _add_outbox(sub: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    text = "list, retry or cancel handoffs waiting to be posted"
    p = sub.add_parser("outbox", parents=list(parents), help=text, description=text)
    p.add_argument("action", nargs="?", default="list", choices=("list", "retry", "cancel"))
    p.add_argument("item", nargs="?", metavar="ID")
    _secret_flag(p)


def _add_connections(sub: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    text = "list, add, test or remove ticket-system connections"
    p = sub.add_parser("connections", parents=list(parents), help=text, description=text)
    p.add_argument("action", nargs="?", default="list", choices=("list", "add", "test", "remove"))
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("--kind", choices=kind_names())
    p.add_argument("--url")
    p.add_argument("--field", action="append", default=[], metavar="KEY=VALUE")
    _secret_flag(p)


def register(subparsers: Any, parents: Sequence[argparse.ArgumentParser] = ()) -> None:
    """Add ``post``, ``outbox`` and ``connections`` to ``handoff``'s subparsers.

    ``parents`` are the parsers whose options every subcommand shares (``--data-dir``).
    """
    _add_post(subparsers, parents)
    _add_outbox(subparsers, parents)
    _add_connections(subparsers, parents)
