"""Known VPN failure signatures: realistic lines for every one, and lines that must not match."""

# ruff: noqa: E501 - real log lines are long; they stay whole so each reads as the client wrote it

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handoff.evidence.signatures import SIGNATURES, match_line, scan_file
from handoff.evidence.textlogs import NotTextError
from handoff.model import StepKind

RAS = "The user LAPTOP-7\\dana dialed a connection named Office VPN which has failed."
REALISTIC = [
    ("ras-691", f"{RAS} The error code returned on failure is 691."),
    ("ras-691", "Error 691: The remote connection was denied because the user name and password"),
    ("ras-720", f"{RAS} The error code returned on failure is 720."),
    ("ras-789", "CoId={5A1C}: The error code returned on failure is 789."),
    ("ras-800", f"{RAS} The error code returned on failure is 800."),
    ("ras-809", f"{RAS} The error code returned on failure is 809."),
    ("ras-812", "Error code: 812 The connection was prevented because of a policy"),
    ("ras-868", f"{RAS} The error code returned on failure is 868."),
    ("ras-13801", f"{RAS} The error code returned on failure is 13801."),
    ("ras-13806", f"{RAS} The error code returned on failure is 13806."),
    ("cert-expired", "2026-11-23 09:14:02 VERIFY ERROR: depth=0, error=certificate has expired: CN=vpn"),
    ("cert-expired", "(P1234-T5678)Error(  812): 11/23/26 09:14:02:113 CERT_E_EXPIRED for gp.example.com"),
    ("cert-expired", f"{RAS} The error code returned on failure is -2146762495."),
    ("cert-name", "(P4080-T4536)Error( 1541): 11/23/26 09:14:02:113 Certificate host name mismatch: gp.example.com"),
    ("cert-name", "date=2026-11-23 time=09:14:02 msg=\"server certificate common name does not match vpn.example.com\""),
    ("cert-name", "2026-11-23 09:14:02 VERIFY X509NAME ERROR: CN=other.example.com, must be vpn.example.com"),
    ("cert-name", "SSL: hostname mismatch for vpn.example.com (X509_V_ERR_HOSTNAME_MISMATCH)"),
    ("cert-untrusted", "2026-11-23 09:14:02 VERIFY ERROR: depth=1, error=unable to get local issuer certificate"),
    ("cert-untrusted", "SSL routines:tls_process_server_certificate:certificate verify failed"),
    ("tls-handshake", "2026-11-23 09:14:02 TLS Error: TLS handshake failed"),
    ("tls-handshake", "date=2026-11-23 time=09:14:02 msg=\"SSL negotiation failed\" reason=\"alert handshake failure\""),
    ("tls-handshake", "(P1-T2)Error( 300): 11/23/26 09:14:02:113 SSL_connect failed with error 5"),
    ("auth-failed", "2026-11-23 09:14:02 AUTH: Received control message: AUTH_FAILED"),
    ("auth-failed", "(P4080-T4536)Info ( 310): 11/23/26 09:14:02:113 portal authentication failed for user dana"),
    ("auth-failed", "date=2026-11-23 time=09:14:02 action=\"tunnel-down\" reason=\"login failed\" user=\"dana\""),
    ("auth-failed", "Nov 23 09:14:02 laptop vpnagentd[812]: Login denied. Invalid username or password."),
    ("dns-failed", "2026-11-23 09:14:02 RESOLVE: Cannot resolve host address: vpn.example.com:1194 (No such host is known.)"),
    ("dns-failed", "Nov 23 09:14:02 laptop openvpn[9]: getaddrinfo failed for vpn.example.com: Temporary failure in name resolution"),
    ("dns-failed", "(P1-T2)Error( 99): 11/23/26 09:14:02:113 Failed to resolve gateway, could not resolve gp.example.com"),
    ("timeout", "2026-11-23 09:14:02 TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)"),
    ("timeout", "2026-11-23 09:14:02.123: [TUN] [office] Handshake for peer 1 (203.0.113.10:51820) did not complete after 5 seconds, retrying (try 2)"),
    ("timeout", "(P1-T2)Debug( 412): 11/23/26 09:14:02:113 Connection to gp.example.com:443 timed out"),
    ("timeout", "2026-11-23 09:14:02 [UNDEF] Inactivity timeout (--ping-restart), restarting"),
    ("timeout", "date=2026-11-23 time=09:14:02 msg=\"connect() failed: ETIMEDOUT\""),
]  # fmt: skip
QUIET = [
    "2026-11-23 09:14:02 Initialization Sequence Completed",
    "2026-11-23 09:14:02 Setting keepalive timeout to 60",
    "2026-11-23 09:14:02 Options: --ping-restart 120 --connect-timeout 30",
    "(P1-T2)Debug( 100): 11/23/26 09:14:02:113 certificate subject CN=gp.example.com, valid until 2027",
    f"{RAS.replace('has failed', 'has successfully connected')}",
    "The error code returned on failure is 6910.",
    "Error 8090: something else",
    "(P4080-T4536)Error(  691): 11/23/26 09:14:02:113 Tunnel is down",  # a source line number
    "date=2026-11-23 time=09:14:02 msg=\"SSL VPN tunnel up\" user=\"dana\" authentication ok",
    "2026-11-23 09:14:02.123: [TUN] [office] Received handshake response",
    "Nov 23 09:14:02 laptop systemd[1]: Started OpenVPN connection to office.",
]  # fmt: skip


@pytest.mark.parametrize(("key", "line"), REALISTIC, ids=[f"{k}-{i}" for i, (k, _) in
                                                            enumerate(REALISTIC)])  # fmt: skip
def test_realistic_lines_match_their_signature(key: str, line: str) -> None:
    signature = match_line(line)
    assert signature is not None, line
    assert signature.key == key


@pytest.mark.parametrize("line", QUIET)
def test_normal_lines_match_nothing(line: str) -> None:
    assert match_line(line) is None


def test_every_signature_has_an_example_and_complete_texts() -> None:
    keys = [s.key for s in SIGNATURES]
    assert len(keys) == len(set(keys))
    assert set(keys) == {key for key, _ in REALISTIC}
    for signature in SIGNATURES:
        re.compile(signature.pattern)
        for text in (signature.title, signature.meaning, signature.root_cause, signature.step):
            assert text.strip() and "\n" not in text, signature.key
    assert {"ras-691", "ras-809", "ras-812", "ras-13801"} <= set(keys)


def test_the_more_specific_row_wins() -> None:
    line = "SSL handshake failed: connection timed out"
    signature = match_line(line)
    assert signature is not None and signature.key == "tls-handshake"


def log(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-16")
    return path


def test_scan_reports_file_line_number_and_line(tmp_path: Path) -> None:
    lines = [QUIET[0], REALISTIC[22][1], QUIET[1], QUIET[2], REALISTIC[5][1]]
    path = log(tmp_path / "openvpn.log", lines)
    scan = scan_file(path)
    found = [(m.signature.key, m.path, m.line_no, m.line) for m in scan.matches]
    assert found == [
        ("auth-failed", path, 2, lines[1]),
        ("ras-809", path, 5, lines[4]),
    ]
    assert not scan.truncated


def test_matches_offer_a_root_cause_line_and_a_step(tmp_path: Path) -> None:
    path = log(tmp_path / "PanGPS.log", [REALISTIC[13][1]])
    (match,) = scan_file(path).matches
    assert match.root_cause_line() == (
        "The VPN gateway's certificate does not match the address the client uses. "
        "Seen in PanGPS.log, line 1."
    )
    step = match.step()
    assert step.kind is StepKind.LOG_REVIEWED
    assert (step.action, step.command) == ("Reviewed PanGPS.log", "PanGPS.log, line 1")
    assert step.result.startswith("VPN log shows a certificate / host name mismatch. \u201c(P4080")


def test_a_reconnect_loop_keeps_a_few_matches_and_counts_the_rest(tmp_path: Path) -> None:
    path = log(tmp_path / "loop.log", [REALISTIC[32][1]] * 50)
    scan = scan_file(path, keep=3)
    assert [m.line_no for m in scan.matches] == [1, 2, 3]
    assert scan.counts == {"timeout": 50}
    assert scan.truncated


def test_scanning_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.bin"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(NotTextError):
        scan_file(path)


def test_long_lines_are_quoted_short(tmp_path: Path) -> None:
    path = log(tmp_path / "long.log", ["AUTH_FAILED " + "x" * 1000])
    (match,) = scan_file(path).matches
    assert len(match.quote) == 300 and match.quote.endswith("\u2026")
