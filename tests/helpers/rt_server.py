"""A throw-away Request Tracker 5 on 127.0.0.1 for the delivery tests.

Follows /work/shared/reference/real-ticket-servers.md: Debian's ``request-tracker5`` +
``rt5-db-sqlite``, our own config dir (``RT_SITE_CONFIG_DIR``) and sqlite file in a
temp folder, ``BcryptCost 4`` set before the database and token exist (cheap auth on
every request), a REST2 token made through RT's Perl API, and ``rt-server --server
Standalone`` (one process, about 230 MiB): the 2-core machine runs one RT for the
whole test session and each test creates its own ticket.
"""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

RT_SERVER = Path("/usr/share/request-tracker5/libexec/rt-server")
RT_LIB = Path("/usr/share/request-tracker5/lib")
SETUP_DATABASE = "rt-setup-database"
ROOT_PASSWORD = "rtpassword"  # noqa: S105 - a throw-away test server's password
AGENTS = ("agent1", "agent2")

_SITE_CONFIG = """\
Set($rtname, 'rt.localhost');
Set($Organization, 'localhost');
Set($CorrespondAddress, 'rt@localhost');
Set($CommentAddress, 'rt-comment@localhost');
Set($WebDomain, '127.0.0.1');
Set($WebPort, {port});
Set($WebPath, '');
Set($WebBaseURL, 'http://127.0.0.1:{port}');
Set($DatabaseType, 'SQLite');
Set($DatabaseName, '{db}');
Set($Timezone, 'UTC');
Set($LogToSyslog, undef);
Set($LogToSTDERR, 'warning');
Set($MailCommand, 'mbox');
Set($BcryptCost, 4);
1;
"""

# Creates the agents, grants the Privileged group the ticket rights an owner needs
# (OwnTicket among them) and prints a REST2 token for root on stdout.
_BOOTSTRAP = """\
use strict; use warnings;
use lib '{lib}';
use RT;
RT::LoadConfig();
RT::Init();
for my $name (qw({agents})) {{
    my $user = RT::User->new(RT->SystemUser);
    $user->Load($name);
    next if $user->Id;
    my ($ok, $msg) = $user->Create(Name => $name, EmailAddress => "$name\\@example.com",
        RealName => "Agent $name", Privileged => 1, Password => 'agentpassword');
    die "agent create failed: $msg\\n" unless $ok;
}}
my $priv = RT::Group->new(RT->SystemUser);
$priv->LoadSystemInternalGroup('Privileged');
for my $right (qw(SeeQueue ShowTicket CreateTicket OwnTicket ModifyTicket
                  ReplyToTicket CommentOnTicket ShowTicketComments)) {{
    $priv->PrincipalObj->GrantRight(Right => $right, Object => $RT::System);
}}
my $cu = RT::CurrentUser->new;
$cu->Load('root');
my $token = RT::AuthToken->new($cu);
my ($id, $msg, $auth) = $token->Create(Owner => $cu->Id, Description => 'handoff tests');
die "token create failed: $msg\\n" unless $id;
print "$auth\\n";
"""


def rt_installed() -> bool:
    """Debian's RT 5 and its sqlite driver are installed (``.ci/run`` installs them)."""
    return RT_SERVER.exists() and shutil.which(SETUP_DATABASE) is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RtServer:
    """A running RT: where it listens, a REST2 token for root, and its process."""

    url: str
    token: str
    folder: Path
    process: subprocess.Popen[bytes]
    _client: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._client = httpx.Client(
            base_url=f"{self.url}/REST/2.0",
            headers={"Authorization": f"token {self.token}"},
            timeout=30,
        )

    @property
    def api(self) -> httpx.Client:
        """A plain client for setting up and reading back, independent of the app's."""
        return self._client

    def create_ticket(self, subject: str, queue: str = "General") -> str:
        body = {"Queue": queue, "Subject": subject, "Requestor": "user@example.com",
                "Content": "It is broken.", "ContentType": "text/plain"}  # fmt: skip
        response = self._client.post("/ticket", json=body)
        response.raise_for_status()
        return str(response.json()["id"])

    def get(self, path: str, **params: Any) -> Any:
        response = self._client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def stop(self) -> None:
        self._client.close()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _run(argv: list[str], env: dict[str, str], log: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, timeout=120)
    with log.open("a") as handle:
        handle.write(done.stdout + done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done


def _prepare(folder: Path, port: int) -> tuple[dict[str, str], str]:
    """Config, a new sqlite database and a token; returns the environment and the token."""
    etc = folder / "etc"
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "50-ci.pm").write_text(_SITE_CONFIG.format(port=port, db=folder / "rt.db"))
    env = {**os.environ, "RT_SITE_CONFIG_DIR": str(etc)}
    (folder / "rootpw").write_text(ROOT_PASSWORD + "\n")
    log = folder / "setup.log"
    _run([SETUP_DATABASE, "--action", "init", "--root-password-file", str(folder / "rootpw")],
         env, log)  # fmt: skip
    script = folder / "bootstrap.pl"
    script.write_text(_BOOTSTRAP.format(lib=RT_LIB, agents=" ".join(AGENTS)))
    token = _run(["perl", str(script)], env, log).stdout.strip().splitlines()[-1]
    return env, token


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"RT exited ({process.returncode}): {log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(f"{url}/REST/2.0/", timeout=2)
            return
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"RT did not answer within 60 s: {log.read_text()[-2000:]}")


def start_rt(folder: Path) -> RtServer:
    """Start a fresh RT with its own database under ``folder`` (about 4 s here)."""
    port = free_port()
    env, token = _prepare(folder, port)
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(RT_SERVER), "--server", "Standalone", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
    except BaseException:
        if process.poll() is None:
            process.kill()
            process.wait()
        raise
    return RtServer(url=url, token=token, folder=folder, process=process)


def read_comments(rt: RtServer, ticket_id: str, kind: str = "Comment") -> list[str]:
    """The text of every comment (or correspondence) on the ticket, read straight from REST2."""
    history = rt.get(f"/ticket/{ticket_id}/history", fields="Type", per_page=100)
    wanted = {str(t["id"]) for t in history["items"] if t["Type"] == kind}
    parts = rt.get(f"/ticket/{ticket_id}/attachments", per_page=100,
                   fields="TransactionId,ContentType,Filename")  # fmt: skip
    texts: list[str] = []
    for part in parts["items"]:
        if str(part["TransactionId"]) in wanted and part["ContentType"] == "text/plain" \
                and not part["Filename"]:  # fmt: skip
            texts.append(read_attachment(rt, str(part["id"])).decode("utf-8"))
    return texts


def read_attachment(rt: RtServer, attachment_id: str) -> bytes:
    return base64.b64decode(rt.get(f"/attachment/{attachment_id}")["Content"])


def read_files(rt: RtServer, ticket_id: str) -> dict[str, list[bytes]]:
    """Every attached file on the ticket by name: one list entry per copy."""
    parts = rt.get(f"/ticket/{ticket_id}/attachments", per_page=100, fields="Filename")
    files: dict[str, list[bytes]] = {}
    for part in parts["items"]:
        if part["Filename"]:
            files.setdefault(part["Filename"], []).append(read_attachment(rt, str(part["id"])))
    return files


def read_ticket(rt: RtServer, ticket_id: str) -> dict[str, Any]:
    data: dict[str, Any] = rt.get(f"/ticket/{ticket_id}")
    return data
