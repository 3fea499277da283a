"""Redaction of text logs: planted secrets of every kind must not survive anywhere.

Each log below is written the way the real tool writes it (GlobalProtect,
FortiClient, OpenVPN, IIS, a PowerShell transcript, a JSON config, an
unattend/web.config, a PEM key) with known values planted in it.  After a
redaction every planted value is searched for in the copy: as bytes, case
-insensitively, and in the UTF-16 copy after decoding.  None may survive.
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
import uuid
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from handoff import paths
from handoff.evidence import redact, redact_text
from handoff.evidence.redact import (
    Category,
    RedactionCancelled,
    RedactionError,
    RedactionOptions,
    apply_redaction,
    load_map,
    plan_redaction,
)
from handoff.evidence.redact_map import map_path
from handoff.evidence.redact_secrets import plausible
from handoff.model import Attachment, Handoff
from handoff.package import export_package

HID = "0123456789abcdef0123456789abcdef"
PASSWORD = "Hunter2!Vpn#2024"  # noqa: S105 - planted, to be found
PLANTED = {
    "gp_password": PASSWORD,
    "gp_cookie": "a7f3c9e1d5b2048f6e9a1c3d7b5e2f40",
    "forti_cookie": "Qk9HVVNfU1ZQTkNPT0tJRV9WQUxVRQ",
    "ovpn_token": "SESS_ID_AT_9fK2mQ7xL4pR8vN1",
    "iis_token": "tok_4Rn8Qz2Lm7Wx",
    "iis_sig": "Zz9kL2xQm8Rt4Vw6",
    "ps_securestring": "S3cure!Str1ng-77",
    "ps_variable": "Adm1n$Winter24",
    "ps_net_use": "Sh4reP@ss!9",
    "ps_client_secret": "cs~Q8r_Lm2.Vx9-Wn4",
    "ps_net_user": "N3wP@ss!Acct",
    "ps_psexec": "Ps3x3c!pw-2",
    "cookie_second": "Zq9x8w7vAuthCookie",
    "conn_password": "my pass phrase",
    "json_password": 'Js0n\\"Pass\\\\word',
    "json_api_key": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
    "json_client_secret": "qwe.RTY-uio_789~pas",
    "xml_password": "Xml&amp;Pa55&lt;>",
    "unattend_password": "Unatt3nd!Local",
    "webconfig_password": "W3bC0nfig!Db",
    "url_password": "Url:P@ss%2Fw0rd",
    "ftp_password": "Ftp!Pass-12",
    "jwt": "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqc21pdGgiLCJpYXQiOjE3MTU2OTcwNzJ9."
    "dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ",
    "aws_key": "AKIAIOSFODNN7EXAMPLE",
    "aws_secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "github": "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
    "slack": "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
    "bearer": "opaqueBearerToken.9Qx7",
    "basic": "ZGFuYTpTdXAzclMzY3JldCE=",
    "api_header": "9f86d081884c7d659a2feaa0c55ad015",
    "account_key": "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq==",
    "pem_line_1": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
    "pem_line_2": "VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT",
    "email": "dana.onsite@contoso-dental.com",
    "email_upn": "JSmith@Contoso.Local",
}
P = PLANTED

GLOBALPROTECT = (
    f"(T4872) 05/14/24 09:11:12:345 Debug( 231): Connecting to https://gw.contoso.com/ssl-vpn/"
    f"getconfig.esp?user=jsmith&passwd={P['gp_password']}&authcookie={P['gp_cookie']}"
    f"&portal=gp-portal\n"
    f"(T4872) 05/14/24 09:11:13:001 Info ( 517): user {P['email_upn']} authenticated\n"
)
FORTICLIENT = (
    f"[2024-05-14 09:11:14 INFO] sslvpndaemon: received cookie SVPNCOOKIE={P['forti_cookie']}\n"
)
OPENVPN = (
    f"Tue May 14 09:11:15 2024 PUSH: Received control message: 'PUSH_REPLY,route-gateway "
    f"10.8.0.1,auth-token {P['ovpn_token']},peer-id 0'\n"
)
IIS = (
    f"2024-05-14 09:11:16 W3SVC1 10.0.0.5 GET /api/sync token={P['iis_token']}&sig={P['iis_sig']}"
    f" 443 CONTOSO\\jsmith 198.51.100.7 Mozilla/5.0 200 0 0 31\n"
)
POWERSHELL = (
    "**********************\nWindows PowerShell transcript start\nUsername: CONTOSO\\jsmith\n"
    f'PS C:\\> $pw = ConvertTo-SecureString "{P["ps_securestring"]}" -AsPlainText -Force\n'
    f'PS C:\\> $password = "{P["ps_variable"]}"\n'
    f"PS C:\\> net use \\\\fs01\\shared {P['ps_net_use']} /user:CONTOSO\\jsmith\n"
    f"PS C:\\> Connect-MgGraph -ClientId 42 -ClientSecret '{P['ps_client_secret']}'\n"
    f"PS C:\\> net user svc-scan {P['ps_net_user']} /add /domain\n"
    f"PS C:\\> psexec \\\\ws-0412 -u CONTOSO\\admin -p {P['ps_psexec']} ipconfig /all\n"
)
JSON_CONFIG = (
    f'{{\n  "username": "jsmith",\n  "password": "{P["json_password"]}",\n'
    f'  "api_key": "{P["json_api_key"]}",\n'
    f'  "oauth": {{"client_secret": "{P["json_client_secret"]}", "scope": "openid"}}\n}}\n'
)
XML_CONFIGS = (
    f"<vpn><user>jsmith</user><password>{P['xml_password']}</password></vpn>\n"
    f"<AutoLogon>\n  <Password>\n    <Value>{P['unattend_password']}</Value>\n  </Password>\n"
    f'<add key="DbPassword" value="{P["webconfig_password"]}" />\n'
)
WEB = (
    f"GET https://svc-backup:{P['url_password']}@nas.contoso.com/share\n"
    f"ftp://backup:{P['ftp_password']}@ftp.contoso.com/nightly failed\n"
    f"Authorization: Bearer {P['bearer']}\nAuthorization: Basic {P['basic']}\n"
    f"id_token={P['jwt']}\nX-Api-Key: {P['api_header']}\n"
    f"DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={P['account_key']};\n"
    f"aws_access_key_id = {P['aws_key']}\naws_secret_access_key = {P['aws_secret']}\n"
    f"git remote add origin https://{P['github']}@github.com/contoso/scripts\n"
    f"SLACK_TOKEN={P['slack']}\nsend report to {P['email']}\n"
    f"Cookie: SESSIONID=abc123def456; theme=dark; auth={P['cookie_second']}\n"
    f"Server=sql02;Database=crm;User Id=sa;Password={P['conn_password']};Encrypt=true\n"
)
PEM = (
    "ovpn config follows\n<key>\n-----BEGIN PRIVATE KEY-----\n"
    f"{P['pem_line_1']}\n{P['pem_line_2']}\nAbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/==\n"
    "-----END PRIVATE KEY-----\n</key>\nverb 3\n"
)
ALL_LOGS = {
    "PanGPS.log": GLOBALPROTECT,
    "sslvpndaemon.log": FORTICLIENT,
    "openvpn.log": OPENVPN,
    "u_ex240514.log": IIS,
    "transcript.txt": POWERSHELL,
    "settings.json": JSON_CONFIG,
    "configs.xml": XML_CONFIGS,
    "web.log": WEB,
    "client.ovpn.log": PEM,
}
CHECKED = PLANTED
"""Each value as it is written in the file (escaped in JSON and XML, encoded in the URL)."""


def write_logs(folder: Path, encoding: str = "utf-8") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in ALL_LOGS.items():
        path = folder / name
        path.write_bytes(text.encode(encoding))
        written.append(path)
    return written


def redact_all(files: list[Path], options: RedactionOptions | None = None) -> dict[Path, bytes]:
    review = plan_redaction(files, options, handoff_id=HID)
    result = apply_redaction(review, HID)
    return {source: copy.read_bytes() for source, copy in result.outputs.items()}


def survivors(text: str) -> list[str]:
    """Planted values found in ``text``, exactly or in any case."""
    folded = text.casefold()
    return [name for name, value in CHECKED.items() if value.casefold() in folded]


def test_every_planted_secret_is_gone(tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs")
    originals = {path: path.read_bytes() for path in files}
    outputs = redact_all(files)
    assert set(outputs) == set(files)
    for path, data in outputs.items():
        text = data.decode("utf-8")
        assert survivors(text) == [], (path.name, text)
        assert data != originals[path]
    assert len(survivors("".join(ALL_LOGS.values()))) == len(PLANTED)  # the check sees them
    assert {path: path.read_bytes() for path in files} == originals  # originals untouched


def test_every_planted_secret_is_gone_from_utf16(tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs", "utf-16")
    outputs = redact_all(files)
    for data in outputs.values():
        assert data.startswith(b"\xff\xfe")
        assert survivors(data.decode("utf-16")) == []
        assert survivors(data.decode("latin-1")) == []  # not even as raw bytes


def test_the_structure_around_secrets_stays_readable(tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs")
    outputs = {p.name: d.decode() for p, d in redact_all(files).items()}
    assert (
        "getconfig.esp?user=jsmith&passwd=[SECRET-1]&authcookie=[SECRET-2]&portal=gp-portal"
        in (outputs["PanGPS.log"])
    )
    assert "token=[SECRET-" in outputs["u_ex240514.log"]
    assert "&sig=[SECRET-" in outputs["u_ex240514.log"]
    config = json.loads(outputs["settings.json"])
    assert config["username"] == "jsmith"
    assert config["oauth"]["scope"] == "openid"
    assert config["password"].startswith("[SECRET-")
    lines = outputs["client.ovpn.log"].splitlines()
    begin = lines.index("-----BEGIN PRIVATE KEY-----")
    assert lines[begin + 1].startswith("[SECRET-")
    assert lines[begin + 2] == "-----END PRIVATE KEY-----"
    assert "Authorization: Bearer [SECRET-" in outputs["web.log"]
    assert "send report to [EMAIL-" in outputs["web.log"]


def test_review_lists_lines_masked_values_and_counts(tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs")
    review = plan_redaction(files, handoff_id=HID)
    assert not list(redact.redacted_dir(HID).rglob("*"))  # planning writes nothing
    assert not map_path(HID).exists()
    pangps = next(f for f in review.files if f.path.name == "PanGPS.log")
    assert pangps.counts == {Category.SECRET: 2, Category.EMAIL: 1}
    first = pangps.replacements[0]
    assert (first.line, first.category, first.kind) == (1, Category.SECRET, "password")
    assert first.placeholder == "[SECRET-1]"
    assert first.excerpt.startswith("Hu") and first.excerpt.endswith("24")
    assert PASSWORD not in first.excerpt and "\u2022" in first.excerpt
    assert pangps.replacements[2].line == 2
    for file in review.files:
        for found in file.replacements:
            assert survivors(found.excerpt) == []
    assert review.counts[Category.SECRET] >= len(PLANTED) - 4
    assert review.total == sum(f.total for f in review.files)


def test_the_same_value_gets_the_same_placeholder_in_every_file(tmp_path: Path) -> None:
    one = tmp_path / "one.log"
    two = tmp_path / "two.log"
    one.write_text(f"password={PASSWORD}\nmail {P['email']}\n")
    two.write_text(f"pwd: {PASSWORD}\nlater the same password {PASSWORD} typed bare\n"
                   f"cc {P['email'].upper()}\n")  # fmt: skip
    outputs = redact_all([one, two])
    assert outputs[one] == b"password=[SECRET-1]\nmail [EMAIL-1]\n"
    assert outputs[two] == (
        b"pwd: [SECRET-1]\nlater the same password [SECRET-1] typed bare\ncc [EMAIL-1]\n"
    )
    assert load_map(HID).lookup(Category.SECRET, PASSWORD) == "[SECRET-1]"


def test_placeholders_stay_the_same_in_a_later_run(tmp_path: Path) -> None:
    first = tmp_path / "first.log"
    first.write_text("token=abc123def456\n")
    redact_all([first])
    later = tmp_path / "later.log"
    later.write_text("secret=zzz999yyy888\ntoken=abc123def456\n")
    assert redact_all([later])[later] == b"secret=[SECRET-2]\ntoken=[SECRET-1]\n"


def test_the_map_is_private_and_never_in_the_package(tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs")
    review = plan_redaction(files, handoff_id=HID)
    result = apply_redaction(review, HID)
    saved = result.map_path
    assert saved == paths.data_dir() / "redaction-maps" / f"{HID}.json"
    if os.name == "posix":
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        assert stat.S_IMODE(saved.parent.stat().st_mode) == 0o700
    entries = json.loads(saved.read_text())["entries"]
    values = [e["value"] for e in entries if len(e["value"]) >= 6]
    assert PASSWORD in values
    handoff = Handoff(id=HID)
    handoff.attachments = [
        Attachment(name=src.name, source=str(copy), redacted=True)
        for src, copy in result.outputs.items()
    ]
    package = export_package(handoff, tmp_path / "out.handoff.zip").path
    with zipfile.ZipFile(package) as zf:
        assert not any("redaction" in name for name in zf.namelist())
        for name in zf.namelist():
            data = zf.read(name).decode("utf-8", "replace")
            assert str(saved) not in data and saved.name not in data, name
            assert [v for v in values if v in data] == [], name


def test_optional_categories_are_off_by_default(tmp_path: Path) -> None:
    log = tmp_path / "ipconfig.log"
    text = (
        "Host Name . . . . : WS-0412.contoso.local\nUser: CONTOSO\\jsmith\n"
        "Physical Address. : 00-1A-2B-3C-4D-5E\nIPv4 Address. . . : 192.168.10.25\n"
        "Link-local IPv6 . : fe80::1c2d:3e4f:5a6b:7c8d%12\nGateway: 2001:db8::8a2e:370:7334\n"
    )
    log.write_text(text)
    review = plan_redaction([log])
    assert review.total == 0
    every = frozenset(Category) - {Category.WORD}
    out = redact_all([log], RedactionOptions(categories=every))[log].decode()
    for original in ("WS-0412", "jsmith", "00-1A-2B", "192.168.10.25", "fe80::", "2001:db8"):
        assert original.lower() not in out.lower(), original
    assert "53-4F-53-00-00-01" in out  # a MAC keeps its style, prefixed "SOS" like sos clean
    assert "[IPV4-1]" in out and "[IPV6-1]" in out and "[USER-1]" in out and "[HOST-1]" in out


def test_paths_versions_and_code_are_not_personal_data(tmp_path: Path) -> None:
    log = tmp_path / "noise.log"
    log.write_text(
        "C:\\Windows\\System32\\drivers HKLM\\Software\\Microsoft NT AUTHORITY\\SYSTEM\n"
        "FortiClient 7.0.12.0345 on 10.0.19045.4291, mask 255.255.255.0, loop 127.0.0.1 ::1\n"
        "std::string a::b in PanGPS.log from update.microsoft.com at 12:34:56\n"
    )
    every = RedactionOptions(categories=frozenset(Category))
    assert [r.excerpt for f in plan_redaction([log], every).files for r in f.replacements] == []


def test_a_mac_maps_to_one_number_in_any_notation(tmp_path: Path) -> None:
    log = tmp_path / "getmac.log"
    log.write_text("00-1A-2B-3C-4D-5E\n00:1a:2b:3c:4d:5e\nAA:BB:CC:00:11:22\n")
    out = redact_all([log], RedactionOptions(categories=frozenset({Category.MAC})))[log]
    assert out == b"53-4F-53-00-00-01\n53:4f:53:00:00:01\n53:4F:53:00:00:02\n"


def test_a_long_review_lists_the_first_and_counts_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redact, "MAX_LISTED", 3)
    log = tmp_path / "many.log"
    log.write_text("".join(f"line {n} token=t0ken{n:04d}\n" for n in range(10)))
    file = plan_redaction([log]).files[0]
    assert [r.line for r in file.replacements] == [1, 2, 3]
    assert file.total == 10 and file.truncated


def test_listed_names_are_always_replaced(tmp_path: Path) -> None:
    log = tmp_path / "notes.log"
    log.write_text("Contoso Dental VPN for Dana; ContosoVPN profile; dana.o\n")
    options = RedactionOptions(words=("Contoso",), usernames=("dana",))
    out = redact_all([log], options)[log].decode()
    assert "contoso" not in out.lower() and "dana" not in out.lower()
    assert out.startswith("[WORD-1] Dental VPN for [USER-1]; [WORD-1]VPN profile")


def test_utf16_round_trip_keeps_everything_else(tmp_path: Path) -> None:
    log = tmp_path / "transcript.txt"
    text = "Zürich Büro \u2013 東京\r\npassword=Grüße!2024\r\nnothing secret here ✓\r\n"
    log.write_bytes(text.encode("utf-16"))
    out = redact_all([log])[log]
    assert out[:2] == b"\xff\xfe"
    assert out.decode("utf-16") == text.replace("Grüße!2024", "[SECRET-1]")
    plain = tmp_path / "plain16.txt"
    plain.write_bytes("no secrets, just ünïcödé\n".encode("utf-16-be"))
    assert redact_all([plain])[plain] == plain.read_bytes()  # BOM-less UTF-16 BE, byte for byte


def test_bytes_that_are_not_utf8_pass_through(tmp_path: Path) -> None:
    log = tmp_path / "latin1.log"
    data = b"Benutzer M\xfcller \xff\xfe odd bytes\npassword=Gr\xfc\xdfe99\n"
    log.write_bytes(data)
    assert redact_all([log])[log] == data.replace(b"Gr\xfc\xdfe99", b"[SECRET-1]")
    bom = tmp_path / "bom.log"
    bom.write_bytes(b"\xef\xbb\xbfapi_key: 0123456789abcdef0123456789abcdef\n")
    assert redact_all([bom])[bom] == b"\xef\xbb\xbfapi_key: [SECRET-2]\n"


def test_binary_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    image = tmp_path / "error.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    log = tmp_path / "a.log"
    log.write_text(f"pwd={PASSWORD}\n")
    review = plan_redaction([image, log, tmp_path / "missing.log"])
    skipped = {f.path.name: f.skipped for f in review.files}
    assert "binary" in skipped["error.png"]
    assert "cannot be read" in skipped["missing.log"]
    assert skipped["a.log"] == ""
    result = apply_redaction(review, HID)
    assert list(result.outputs) == [log]


def test_a_key_block_split_across_chunks_is_still_one_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "long.log"
    log.write_text(("x" * 70 + "\n") * 3 + PEM + GLOBALPROTECT + IIS)
    expected = redact_all([log])[log]
    monkeypatch.setattr(redact_text, "CHUNK_SIZE", 37)  # every block ends mid-line
    small = tmp_path / "long2.log"
    small.write_bytes(log.read_bytes())
    assert redact_all([small])[small] == expected
    assert survivors(expected.decode()) == []


def test_a_key_block_without_its_end_line_is_still_hidden(tmp_path: Path) -> None:
    log = tmp_path / "cut.log"
    log.write_text(f"-----BEGIN RSA PRIVATE KEY-----\n{P['pem_line_1']}\n{P['pem_line_2']}\n"
                   "2024-05-14 log goes on\n")  # fmt: skip
    out = redact_all([log])[log].decode()
    assert survivors(out) == []
    assert out.endswith("[SECRET-1]\n2024-05-14 log goes on\n")


def test_words_about_secrets_are_not_secrets(tmp_path: Path) -> None:
    log = tmp_path / "ad.log"
    text = (
        "PasswordLastSet=2024-05-01 token_type=Bearer password: expired bypass=1\n"
        "Password change required for the user\n$cred = Get-Credential\n"
        "hotkey=F5 keyboard=de-DE secret=[SECRET-4] pwd=********\n"
    )
    log.write_text(text)
    assert plan_redaction([log]).total == 0
    again = tmp_path / "again.log"
    again.write_text("password=[SECRET-1] mail [EMAIL-2] mac 53:4f:53:00:00:01\n")
    every = RedactionOptions(categories=frozenset(Category))
    assert plan_redaction([again], every).total == 0  # redacting twice changes nothing


def _cancel_after_first_step(event: threading.Event) -> redact.Progress:
    def progress(done: int, total: int) -> None:
        event.set()

    return progress


def test_applying_a_plan_equals_scanning_again(tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs")
    review = plan_redaction(files, handoff_id=HID)
    assert all(f.found for f in review.files)  # the plan kept its hits: apply reuses them
    replayed = {p: c.read_bytes() for p, c in apply_redaction(review, HID).outputs.items()}
    for file in review.files:
        file.found = None
    scanned = {p: c.read_bytes() for p, c in apply_redaction(review, HID).outputs.items()}
    assert replayed == scanned


def test_a_file_changed_after_the_plan_is_scanned_again(tmp_path: Path) -> None:
    log = tmp_path / "live.log"
    log.write_text("token=first1234\n")
    review = plan_redaction([log], handoff_id=HID)
    with log.open("a") as handle:
        handle.write(f"password={PASSWORD}\n")
    out = apply_redaction(review, HID).outputs[log].read_text()
    assert out == "token=[SECRET-1]\npassword=[SECRET-2]\n"


def test_a_value_found_late_is_also_replaced_where_it_came_first(tmp_path: Path) -> None:
    log = tmp_path / "order.log"
    log.write_text(f"user typed {PASSWORD} by mistake\nlater: password={PASSWORD}\n")
    review = plan_redaction([log], handoff_id=HID)
    out = apply_redaction(review, HID).outputs[log].read_text()
    assert out == "user typed [SECRET-1] by mistake\nlater: password=[SECRET-1]\n"


def test_cancel_leaves_no_partial_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redact_text, "CHUNK_SIZE", 64)
    files = write_logs(tmp_path / "logs")
    review = plan_redaction(files, handoff_id=HID)
    cancel = threading.Event()
    with pytest.raises(RedactionCancelled):
        apply_redaction(review, HID, progress=_cancel_after_first_step(cancel), cancel=cancel)
    assert [p for p in redact.redacted_dir(HID).rglob("*") if p.is_file()] == []
    assert not map_path(HID).exists()
    cancel.clear()
    with pytest.raises(RedactionCancelled):
        plan_redaction(files, progress=_cancel_after_first_step(cancel), cancel=cancel)


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    files = write_logs(tmp_path / "logs")
    seen: list[tuple[int, int]] = []
    plan_redaction(files, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == sum(p.stat().st_size for p in files)


def test_a_corrupt_map_is_an_error_not_a_fresh_start(tmp_path: Path) -> None:
    map_path(HID).write_text("{ not json")
    log = tmp_path / "a.log"
    log.write_text("pwd=abcdef\n")
    with pytest.raises(RedactionError):
        plan_redaction([log], handoff_id=HID)
    assert map_path(HID).read_text() == "{ not json"


_VALUE_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters="\"'<>`"
)
_QUOTED_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters='"\\'
)
_NEXT_PAIR = re.compile(r"[&;][a-z0-9_.\-]+=", re.IGNORECASE)
_PROPERTY = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _by_design_left(value: str) -> bool:
    """Values left alone on purpose: words that say nothing ("true", "***", a
    placeholder); the part after a next ``&name=`` pair (a query string's next
    parameter); and the value "password", which as a known secret also replaces the
    key of the same name."""
    raw = value.encode()
    return not plausible(raw) or _NEXT_PAIR.search(value) is not None or raw.lower() == b"password"


@_PROPERTY
@given(value=st.text(_VALUE_CHARS, min_size=1, max_size=40))
def test_any_password_after_password_equals_is_replaced(tmp_path: Path, value: str) -> None:
    assume(not _by_design_left(value))
    log = tmp_path / "prop.log"
    log.write_text(f"password={value}\n", encoding="utf-8")
    result = apply_redaction(plan_redaction([log]), uuid.uuid4().hex)
    assert result.outputs[log].read_text(encoding="utf-8") == "password=[SECRET-1]\n"


@_PROPERTY
@given(value=st.text(_QUOTED_CHARS, min_size=1, max_size=40))
def test_any_quoted_password_is_replaced(tmp_path: Path, value: str) -> None:
    assume(plausible(value.encode()) and value.encode().lower() != b"password")
    log = tmp_path / "prop.json"
    log.write_text(f'{{"password": "{value}"}}\n', encoding="utf-8")
    result = apply_redaction(plan_redaction([log]), uuid.uuid4().hex)
    assert result.outputs[log].read_text(encoding="utf-8") == '{"password": "[SECRET-1]"}\n'
