"""Recognise the well-known VPN failures in log lines, and say what they mean.

An engineer scrolling a 40 MB PanGPS.log at a client's desk is looking for a
handful of lines: the credentials were rejected, the certificate does not match
the gateway's name or has expired, the gateway never answered, the TLS handshake
broke, the name did not resolve, or Windows' RasClient gave one of the error
codes everybody searches for.  :data:`SIGNATURES` is that knowledge as a table
(pattern, title, plain meaning, a suggested root-cause line, a suggested
steps-taken line), so adding one is adding a row.  The first row that matches a
line wins: specific rows (RasClient codes, certificates) come before the broad
ones (timeouts).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from handoff.evidence.textlogs import ProgressFn, iter_lines
from handoff.model import Step, StepKind

MAX_PER_SIGNATURE = 20
"""Matches kept per signature and file: a reconnect loop repeats one error thousands of times."""
_MAX_LINE = 300


@dataclass(frozen=True)
class Signature:
    """A known failure: what it looks like in a log, and what to write about it."""

    key: str
    pattern: str
    title: str
    meaning: str
    root_cause: str
    step: str

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.pattern)


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    if pattern not in _CACHE:
        _CACHE[pattern] = re.compile(pattern, re.IGNORECASE)
    return _CACHE[pattern]


def _ras(code: int) -> str:
    """RasClient's wording: "error code returned on failure is 691", "Error 691:".

    Not "Error( 691)": GlobalProtect prints its source line numbers that way.
    """
    return rf"\b(?:error|reason) code\b[^\d\n]{{0,40}}(?<![\d-]){code}\b|\berror\s+{code}\b"


def _ras_row(code: int, title: str, meaning: str, cause: str) -> Signature:
    return Signature(
        key=f"ras-{code}",
        pattern=_ras(code),
        title=f"RasClient error {code}: {title}",
        meaning=meaning,
        root_cause=f"{cause} (Windows VPN error {code}).",
        step=f"Windows VPN log shows error {code}: {title.lower()}.",
    )


SIGNATURES: tuple[Signature, ...] = (
    _ras_row(691, "credentials rejected",
             "The server did not accept the user name and password, or the sign-in method "
             "is not allowed on the server.",
             "The VPN server rejects the user's credentials or the authentication protocol"),
    _ras_row(720, "no PPP control protocol",
             "No network protocol could be agreed for the connection; usually broken WAN "
             "Miniport adapters or IP settings on the VPN connection.",
             "The VPN connection's network settings or WAN Miniport drivers are broken"),
    _ras_row(789, "L2TP security negotiation failed",
             "IPsec for L2TP failed: wrong pre-shared key or certificate, or the server is "
             "behind NAT without NAT-T enabled on the client.",
             "L2TP/IPsec negotiation fails (pre-shared key, certificate or NAT-T)"),
    _ras_row(800, "VPN tunnels failed",
             "None of the tunnel types reached the server: it is unreachable or a firewall "
             "blocks the VPN ports.",
             "The VPN server is unreachable or the tunnel ports are blocked"),
    _ras_row(809, "server not responding",
             "The server did not answer: a firewall or NAT device blocks IKE/L2TP "
             "(UDP 500/4500) or the server is down.",
             "Traffic to the VPN server (UDP 500/4500) is blocked or the server is down"),
    _ras_row(812, "blocked by server policy",
             "The RAS/NPS server's network policy refused the connection (authentication "
             "method or group membership).",
             "A network policy on the VPN/NPS server refuses this user or sign-in method"),
    _ras_row(868, "server name did not resolve",
             "The VPN server's name could not be resolved by DNS.",
             "The VPN server's name does not resolve"),
    _ras_row(13801, "IKE credentials unacceptable",
             "IKEv2 certificate problem: the machine certificate is missing or invalid, or "
             "the server's certificate is not trusted or lacks the right usage.",
             "An IKEv2 certificate is missing, untrusted or invalid"),
    _ras_row(13806, "no valid machine certificate",
             "IKE found no valid machine certificate on this computer.",
             "The computer has no valid machine certificate for IKEv2"),
    Signature(
        "cert-expired",
        r"certificate (?:has )?expired|expired certificate|CERT_E_EXPIRED|"
        r"X509_V_ERR_CERT_HAS_EXPIRED|certificate is not (?:yet )?valid|-2146762495",
        "Certificate expired",
        "A certificate in the chain is expired (or not yet valid): check its dates and "
        "this computer's clock.",
        "A certificate used by the VPN has expired (or the computer's clock is wrong).",
        "VPN log shows an expired certificate.",
    ),
    Signature(
        "cert-name",
        r"(?:host ?name|common name|server name|CN)\W{0,3}(?:\w+\W+){0,4}"
        r"(?:mismatch|does not match|doesn't match)|"
        r"mismatch\w*\W+(?:\w+\W+){0,3}(?:host ?name|common name|CN)|"
        r"CERT_E_CN_NO_MATCH|X509_V_ERR_HOSTNAME_MISMATCH|VERIFY X509NAME ERROR|-2146762481",
        "Certificate name mismatch",
        "The gateway's certificate is not issued for the name the client connects to.",
        "The VPN gateway's certificate does not match the address the client uses.",
        "VPN log shows a certificate / host name mismatch.",
    ),
    Signature(
        "cert-untrusted",
        r"certificate verify failed|unable to get local issuer certificate|"
        r"self[- ]signed certificate|untrusted (?:server )?certificate|"
        r"certificate (?:is )?not trusted|CERT_E_UNTRUSTEDROOT|VERIFY ERROR",
        "Certificate not trusted",
        "The client does not trust the server certificate's issuer (missing root or "
        "intermediate CA, or a TLS-inspecting proxy).",
        "The client does not trust the VPN gateway's certificate chain.",
        "VPN log shows an untrusted server certificate.",
    ),
    Signature(
        "tls-handshake",
        r"(?:TLS|SSL) ?(?:handshake|negotiation) (?:failed|failure|error)|handshake failure|"
        r"SSL_connect (?:failed|returned)|"
        r"tls_process_\w+:|alert (?:handshake|protocol version)",
        "TLS handshake failed",
        "Client and gateway could not agree on a secure connection (protocol version, "
        "ciphers, or something in the path breaking TLS).",
        "The TLS handshake with the VPN gateway fails.",
        "VPN log shows a failed TLS handshake.",
    ),
    Signature(
        "auth-failed",
        r"auth(?:entication)?[ _-]?fail|AUTH_FAILED|login (?:failed|denied)|"
        r"invalid (?:user ?name|credentials|password)|(?:bad|wrong) password|"
        r"credentials? (?:were |are )?(?:rejected|invalid)|access denied|"
        r"permission[ _]denied.*(?:login|user)|logon failure",
        "Authentication failed",
        "The gateway rejected the sign-in: wrong or expired password, locked account, "
        "MFA not completed, or the user is not allowed to use the VPN.",
        "The VPN gateway rejects the user's sign-in (credentials, MFA or VPN group).",
        "VPN log shows the sign-in was rejected.",
    ),
    Signature(
        "dns-failed",
        r"cannot resolve|could not resolve|can't resolve|unable to resolve|"
        r"name or service not known|temporary failure in name resolution|"
        r"no such host is known|getaddrinfo(?: failed|:)|NXDOMAIN|server can't find|"
        r"DNS (?:lookup|resolution|query) (?:failed|failure|error)|unknown host",
        "DNS resolution failed",
        "The gateway's name did not resolve: DNS server unreachable, wrong name, or "
        "split DNS not yet in place.",
        "The VPN gateway's name does not resolve on this network.",
        "VPN log shows the gateway name did not resolve.",
    ),
    Signature(
        "timeout",
        r"\btimed out\b|ETIMEDOUT|WSAETIMEDOUT|connect(?:ion)? time ?out|"
        r"time ?out (?:occurred|expired|waiting|while|after|connecting)|no response from|"
        r"did not respond|did not complete|not responding|keepalive failure|Inactivity timeout|"
        r"failed to occur within",
        "Connection timed out",
        "The gateway did not answer in time: it is unreachable from this network, a "
        "firewall drops the traffic, or the link is too poor.",
        "The VPN gateway does not answer from this network (timeout).",
        "VPN log shows the connection to the gateway timed out.",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Match:
    """One log line that shows a known failure."""

    signature: Signature
    path: Path
    line_no: int
    line: str

    @property
    def quote(self) -> str:
        """The line as it would be quoted: trimmed, one line, not too long."""
        text = self.line.strip()
        return text if len(text) <= _MAX_LINE else text[: _MAX_LINE - 1] + "\u2026"

    def root_cause_line(self) -> str:
        """A suggested root-cause sentence, with where it was seen."""
        return f"{self.signature.root_cause} Seen in {self.path.name}, line {self.line_no}."

    def step(self) -> Step:
        """A suggested "steps taken" entry: the log was reviewed, and what it showed."""
        return Step(
            kind=StepKind.LOG_REVIEWED,
            action=f"Reviewed {self.path.name}",
            command=f"{self.path.name}, line {self.line_no}",
            result=f"{self.signature.step} \u201c{self.quote}\u201d",
        )


@dataclass
class Scan:
    """What a scan found: the matches kept, and how often each signature was seen."""

    matches: list[Match] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        kept: dict[str, int] = {}
        for match in self.matches:
            kept[match.signature.key] = kept.get(match.signature.key, 0) + 1
        return any(count > kept.get(key, 0) for key, count in self.counts.items())


def match_line(line: str, signatures: Iterable[Signature] = SIGNATURES) -> Signature | None:
    """The first signature (in table order) that ``line`` shows, or None."""
    for signature in signatures:
        if signature.regex.search(line):
            return signature
    return None


def _any_pattern(signatures: tuple[Signature, ...]) -> re.Pattern[str]:
    """One regex for all rows: most lines match nothing and cost one search."""
    return _compiled("|".join(f"(?:{s.pattern})" for s in signatures))


def scan_file(
    path: Path,
    *,
    signatures: Iterable[Signature] = SIGNATURES,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    keep: int = MAX_PER_SIGNATURE,
) -> Scan:
    """Stream ``path`` and collect the lines that show a known failure.

    Raises :class:`handoff.evidence.textlogs.LogError` (binary, locked, cancelled).
    """
    rows = tuple(signatures)
    prefilter = _any_pattern(rows)
    scan = Scan()
    for number, line in enumerate(iter_lines(path, progress=progress, cancel=cancel), 1):
        if not prefilter.search(line):
            continue
        signature = match_line(line, rows)
        if signature is None:
            continue
        seen = scan.counts.get(signature.key, 0) + 1
        scan.counts[signature.key] = seen
        if seen <= keep:
            scan.matches.append(Match(signature, path, number, line.rstrip("\r\n")))
    return scan
