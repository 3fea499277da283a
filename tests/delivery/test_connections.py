"""Connection profiles on disk, secrets only in a real OS keyring - or nowhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from handoff.delivery.connections import (
    ConnectionProfile,
    ConnectionStore,
    KeyringUnavailable,
    ProfileError,
)
from tests.delivery.conftest import Scene
from tests.helpers.environment import require

SECRET = "s3cret-token-Zx81-do-not-leak"  # noqa: S105 - the secret that must not leak

# Runs inside dbus-run-session with an unlocked gnome-keyring: saves the token
# through connections.py, posts a package with it (commands read it back from the
# keyring), then removes the connection.  Everything it logs goes into the data dir.
CHILD = """
import argparse, json, logging, sys
from pathlib import Path
import keyring
from handoff import paths
from handoff.delivery import commands
from handoff.delivery.connections import ConnectionProfile, ConnectionStore
logging.basicConfig(filename=str(paths.data_dir() / "debug.log"), level=logging.DEBUG)
url, package, ticket = sys.argv[1:4]
token = sys.stdin.readline().strip()
store = ConnectionStore()
store.save(ConnectionProfile(name="rt-real", kind="rt", url=url))
store.set_secret("rt-real", token)
found = {"backend": type(keyring.get_keyring()).__module__,
         "round_trip": store.get_secret("rt-real") == token}
ns = argparse.Namespace(command="post", package=Path(package),
    connection="rt-real", ticket=ticket, reply_to_user=False, secret_stdin=False)
found["post"] = commands.run(ns)
ns = argparse.Namespace(command="connections", action="remove", name="rt-real",
    kind=None, url=None, field=[], secret_stdin=False)
found["remove"] = commands.run(ns)
found["after_remove"] = keyring.get_keyring().get_password("Handoff", "rt-real")
print(json.dumps(found))
"""


class PlaintextKeyring(KeyringBackend):
    """Stands in for keyrings.alt's plaintext file store, which must never be used."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("a plaintext store must never receive a secret")

    def delete_password(self, service: str, username: str) -> None:
        return None


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """The process-wide keyring is the fail backend, as on a box without a password store."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def files_containing(folder: Path, secret: str) -> list[Path]:
    needle = secret.encode()
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.mark.slow
def test_a_real_keyring_holds_the_secret_and_nothing_else_does(
    scene: Scene, package: Path, data_dir: Path, tmp_path: Path
) -> None:
    runner, daemon = shutil.which("dbus-run-session"), shutil.which("gnome-keyring-daemon")
    require(bool(runner and daemon), "dbus-run-session and gnome-keyring are not installed")
    home = tmp_path / "home"
    home.mkdir()
    script = (
        'printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"'
    )
    argv = [str(runner), "--", "sh", "-c", script, "sh", sys.executable, "-c", CHILD,
            scene.rt.url, str(package), scene.ticket]  # fmt: skip
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "share"),
           "HANDOFF_DATA_DIR": str(data_dir)}  # fmt: skip
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    done = subprocess.run(argv, input=scene.rt.token + "\n", capture_output=True, text=True,
                          env=env, timeout=120, check=False)  # fmt: skip

    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == {"backend": "keyring.backends.SecretService", "round_trip": True,
                     "post": 0, "remove": 0, "after_remove": None}, done.stderr  # fmt: skip
    scene.assert_posted_once()
    assert (data_dir / "debug.log").stat().st_size > 0, "the run's logs are in the data dir"
    assert files_containing(data_dir, scene.rt.token) == []
    assert scene.rt.token not in done.stdout + done.stderr


def test_without_a_password_store_the_secret_is_refused_plainly(data_dir: Path) -> None:
    store = ConnectionStore(backend=fail.Keyring())
    store.save(ConnectionProfile(name="rt-main", kind="rt", url="https://rt.example.com/"))

    with pytest.raises(KeyringUnavailable) as caught:
        store.set_secret("rt-main", SECRET)

    message = str(caught.value)
    assert message.startswith("No password store is available on this computer (")
    assert message.endswith("): Handoff will ask for the secret each time and never saves it.")
    assert "\n" not in message
    with pytest.raises(KeyringUnavailable):
        store.get_secret("rt-main")
    assert files_containing(data_dir, SECRET) == []
    assert store.get("RT-MAIN").url == "https://rt.example.com", "names are case-insensitive"


def test_the_default_keyring_without_a_session_bus_is_unavailable(no_keyring: None) -> None:
    with pytest.raises(KeyringUnavailable, match="fail"):
        ConnectionStore().backend()


def test_a_plaintext_keyring_is_never_used() -> None:
    with pytest.raises(KeyringUnavailable, match="PlaintextKeyring"):
        ConnectionStore(backend=PlaintextKeyring()).set_secret("rt-main", SECRET)


def test_profiles_round_trip_atomically_and_reject_nonsense(data_dir: Path) -> None:
    store = ConnectionStore(backend=fail.Keyring())
    store.save(ConnectionProfile(name="rt-main", kind="rt", url="https://rt.example.com",
                                 fields={"queue": "General"}))  # fmt: skip
    store.save(ConnectionProfile(name="Alpha", kind="rt", url="http://10.0.0.5"))

    assert [p.name for p in store.list()] == ["Alpha", "rt-main"]
    assert json.loads((data_dir / "connections.json").read_text())["schema_version"] == 1
    assert [p.name for p in ConnectionStore().list()] == ["Alpha", "rt-main"]
    store.remove("alpha")
    assert [p.name for p in store.list()] == ["rt-main"]
    with pytest.raises(ProfileError, match="no connection named 'nope'"):
        store.get("nope")
    with pytest.raises(ProfileError, match="not an http"):
        store.save(ConnectionProfile(name="x", kind="rt", url="ftp://rt"))
    with pytest.raises(ProfileError, match="not a usable connection name"):
        store.save(ConnectionProfile(name="a/b\n", kind="rt", url="https://rt"))
    (data_dir / "connections.json").write_text("[")
    with pytest.raises(ProfileError, match="not a valid connections file"):
        store.list()
