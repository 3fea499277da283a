"""Connection profiles on disk, their secrets only in the OS password store.

A profile (name, kind, URL, system fields, status / assignee mapping) is plain
settings and lives in ``<data>/connections.json``, written atomically.  The secret
(an API token, a private key, a password) never touches a file: it goes to the OS
keyring through ``keyring`` under service ``Handoff`` and username = the connection
name.  When the machine has no usable password store (no Secret Service on Linux,
a headless box, or only a plaintext "keyring" that would write the secret to disk)
:class:`KeyringUnavailable` says so plainly and the caller asks for the secret each
time instead - it is then held in memory for one run and never saved.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from handoff import applog, paths
from handoff.atomic import write_text_atomic
from handoff.delivery.connector import ConnectionProfile

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

__all__ = ["ConnectionProfile", "ConnectionStore", "KeyringUnavailable", "ProfileError"]

SERVICE = "Handoff"
FILE_NAME = "connections.json"
_NAME = re.compile(r"^[\w][\w .@-]{0,63}$")
T = TypeVar("T")
_UNSAFE_BACKENDS = ("fail", "null", "plaintext", "uncrypted", "unencrypted")


class KeyringUnavailable(Exception):  # noqa: N818 - a state, named in docs/delivery.md
    """No password store to keep the secret in; ``str()`` is the plain sentence to show."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"No password store is available on this computer ({detail}): Handoff will "
            "ask for the secret each time and never saves it."
        )
        self.detail = detail


class ProfileError(Exception):
    """A profile is invalid, missing, or connections.json cannot be read; one line."""


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_version: int = 1
    connections: list[ConnectionProfile] = Field(default_factory=list)


def check_name(name: str) -> str:
    """A connection name is also the keyring username: short, printable, one line."""
    name = name.strip()
    if not _NAME.match(name):
        raise ProfileError(
            f"{name!r} is not a usable connection name: use letters, digits, space, . @ - _ "
            "(at most 64 characters)"
        )
    return name


def check_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if not re.match(r"^https?://[^/\s]+", url):
        raise ProfileError(f"{url!r} is not an http:// or https:// address")
    return url


def _backend_name(backend: KeyringBackend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def usable_backend(backend: KeyringBackend) -> None:
    """Raise KeyringUnavailable for the fail / null backends and any plaintext store."""
    from keyring.backends import chainer  # noqa: PLC0415 - keyring loads on first use

    name = _backend_name(backend)
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        raise KeyringUnavailable("no keyring backend was found")
    if any(word in name.lower() for word in _UNSAFE_BACKENDS):
        raise KeyringUnavailable(f"keyring offers only {name}")
    if backend.priority <= 0:
        raise KeyringUnavailable(f"keyring's {name} is not usable here")


class ConnectionStore:
    """Profiles in ``<data>/connections.json``; secrets through one keyring backend."""

    def __init__(self, path: Path | None = None, backend: KeyringBackend | None = None) -> None:
        self.path = path or paths.data_dir() / FILE_NAME
        self._backend = backend

    # -- profiles --------------------------------------------------------------

    def _read(self) -> _File:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return _File()
        except OSError as exc:
            raise ProfileError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        try:
            return _File.model_validate(json.loads(raw))
        except (ValueError, ValidationError) as exc:
            first = str(exc).splitlines()[0]
            raise ProfileError(f"{self.path} is not a valid connections file: {first}") from None

    def _write(self, data: _File) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(self.path, data.model_dump_json(indent=2) + "\n")

    def list(self) -> list[ConnectionProfile]:
        return sorted(self._read().connections, key=lambda p: p.name.casefold())

    def get(self, name: str) -> ConnectionProfile:
        for profile in self._read().connections:
            if profile.name.casefold() == name.strip().casefold():
                return profile
        known = ", ".join(p.name for p in self.list()) or "none yet"
        raise ProfileError(f"no connection named {name!r} (known: {known})")

    def save(self, profile: ConnectionProfile) -> ConnectionProfile:
        """Add or replace (by name, case-insensitively) a profile; returns it cleaned."""
        profile = profile.model_copy(
            update={"name": check_name(profile.name), "url": check_url(profile.url)}
        )
        data = self._read()
        key = profile.name.casefold()
        data.connections = [p for p in data.connections if p.name.casefold() != key]
        data.connections.append(profile)
        self._write(data)
        return profile

    def remove(self, name: str) -> ConnectionProfile:
        """Forget the profile and its secret; KeyringUnavailable only means no secret was kept."""
        profile = self.get(name)
        data = self._read()
        data.connections = [p for p in data.connections if p.name != profile.name]
        self._write(data)
        with contextlib.suppress(KeyringUnavailable):  # nothing can have been saved then
            self.delete_secret(profile.name)
        return profile

    # -- secrets ---------------------------------------------------------------

    def backend(self) -> KeyringBackend:
        """The keyring backend to use, or KeyringUnavailable with the reason."""
        if self._backend is None:
            import keyring  # noqa: PLC0415 - keyring probes D-Bus on import: first use only

            self._backend = keyring.get_keyring()
        usable_backend(self._backend)
        return self._backend

    def _call(self, action: str, call: Callable[[], T]) -> T:
        from keyring.errors import KeyringError  # noqa: PLC0415

        try:
            return call()
        except KeyringError as exc:
            raise KeyringUnavailable(f"the password store failed to {action}: {exc}") from None
        except Exception as exc:  # D-Bus / Secret Service errors are not all KeyringErrors
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0]
            raise KeyringUnavailable(f"the password store failed to {action}: {detail}") from None

    def set_secret(self, name: str, secret: str) -> None:
        if not secret:
            raise ProfileError("the secret is empty")
        applog.register_secret(secret)
        backend = self.backend()
        self._call("save the secret", lambda: backend.set_password(SERVICE, name, secret))

    def get_secret(self, name: str) -> str | None:
        """The saved secret, or None when none is saved for this connection."""
        backend = self.backend()
        secret = self._call("read the secret", lambda: backend.get_password(SERVICE, name))
        applog.register_secret(secret)
        return secret

    def delete_secret(self, name: str) -> bool:
        """Remove the saved secret; False when there was none."""
        from keyring.errors import PasswordDeleteError  # noqa: PLC0415

        backend = self.backend()

        def delete() -> bool:
            try:
                backend.delete_password(SERVICE, name)
            except PasswordDeleteError:
                return False
            return True

        return self._call("delete the secret", delete)
