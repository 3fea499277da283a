"""The optional rules: user names, host names, IPv4, IPv6 and MAC addresses.

They are off by default because they are also the evidence: the next technician
often needs to see *which* gateway timed out or *which* adapter dropped.  When
the client's policy says they must go, these rules find them, and the same value
always gets the same placeholder, so "[HOST-2] timed out three times" still
reads.  The fiddly questions (is ``Windows\\System32`` a ``DOMAIN\\user``? is
``10.0.19045.4291`` an address?) are answered in Python where the pattern matched.
Addresses start with a digit, so their rules search the chunk themselves: with
these categories on, a scan is several times slower.
"""

from __future__ import annotations

import ipaddress
import re

from handoff.evidence.redact_rules import (
    KEY_CHARS,
    WORD_BYTES,
    Category,
    Hit,
    Rule,
    run_start,
)
from handoff.evidence.redact_secrets import (
    KV_GUARD,
    VALUE_PATTERN,
    group_rule,
    plausible,
    value_span,
)

_NOT_USER_DOMAINS = frozenset(
    b"authority builtin service manager host apppool machine hklm hkcu hku hkcr "
    b"hkey_local_machine hkey_current_user hkey_users hkey_classes_root windows files "
    b"system32 syswow64 users appdata programdata temp drivers".split()
)
_NOT_USERS = frozenset(
    b"system local network administrators users everyone public default guest - "
    b"localsystem localservice networkservice anonymous".split()
)
_PROFILE_NOT_USERS = frozenset(
    [b"public", b"default", b"all users", b"default user", b"shared", b"all"]
)
_DOMAIN_CHARS = b"abcdefghijklmnopqrstuvwxyz0123456789._-"
_HOST_CHARS = b"abcdefghijklmnopqrstuvwxyz0123456789.-" + bytes(range(0x80, 0x100))
_PUBLIC_DOMAINS = (b"microsoft.com", b"windows.com", b"windowsupdate.com", b"office.com",
                   b"office365.com", b"live.com", b"msftconnecttest.com", b"msftncsi.com",
                   b"google.com", b"apple.com", b"paloaltonetworks.com", b"fortinet.com",
                   b"openvpn.net", b"cisco.com", b"example.com", b"example.org",
                   b"example.net", b"digicert.com", b"verisign.com", b"letsencrypt.org",
                   b"globalsign.com", b"sectigo.com", b"w3.org")  # fmt: skip
"""Vendors' and standards' domains: naming them identifies nobody and helps the reader."""
_TLDS = (b"com net org edu gov mil int info biz io co us uk de fr nl be ch at au ca eu es "
         b"it se no dk fi ie nz jp br mx za cloud online tech dev local lan corp internal "
         b"intra intranet home arpa").split()  # fmt: skip
"""Top-level domains looked for; ones that double as file extensions (.md, .pl, .sh) are not."""
_NAME_KEYS = frozenset({b"", b"name", b"id", b"principalname", b"principal", b"account"})


def _domain_user(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
    """``CONTOSO\\jsmith``: not a path (``C:\\Windows\\System32``), not a registry key."""
    slash, end = m.start(), m.end()
    domain_start = run_start(low, slash, _DOMAIN_CHARS)
    domain = low[domain_start:slash]
    before = low[domain_start - 1 : domain_start] if domain_start else b""
    if (
        not domain
        or before in (b"\\", b"/", b":", b"%", b"$")
        or (before and before[0] in WORD_BYTES)
        or domain in _NOT_USER_DOMAINS
        or low[end : end + 1] in (b"\\", b"/")
        or low[slash + 1 : end] in _NOT_USERS
    ):
        return []
    return [Hit(slash + 1, end, Category.USERNAME, "user name", sweep=True)]


def _profile_user(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
    """``C:\\Users\\jsmith\\...``, ``/home/jsmith/``: the profile folder names the user."""
    start, end = m.span("v")
    if low[start:end] in _PROFILE_NOT_USERS:
        return []
    return [Hit(start, end, Category.USERNAME, "user name in a path", sweep=True)]


def _key_rule(anchor: bytes, tails: frozenset[bytes], category: Category, kind: str) -> Rule:
    """``user=jsmith``, ``Machine: WS-0412``: a value after a key that names it."""

    def extract(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
        if m.group("sfx").strip(b"_.-") not in tails:
            return []
        span = value_span(m, low, run_start(low, m.start(), KEY_CHARS, 48))
        if span is None or not plausible(chunk[span[0] : span[1]]):
            return []
        value = low[span[0] : span[1]]
        if value in _NOT_USERS or value in (b"localhost", b"127.0.0.1", b"::1"):
            return []
        return [Hit(*span, category, kind, sweep=category is Category.USERNAME)]

    return Rule(re.compile(re.escape(anchor) + VALUE_PATTERN), extract, (anchor,), guard=KV_GUARD)


def username_rules() -> list[Rule]:
    """``DOMAIN\\user``, profile paths, ``user=``/``Account Name:`` values."""
    profile = rb"(?P<v>[^\\/\s\"'<>:*?|]+)"
    user = Category.USERNAME
    return [
        Rule(re.compile(rb"\\[a-z0-9._$-]{1,64}(?![a-z0-9._$-])"), _domain_user, (b"\\",),
             guard=rb"(?=[a-z0-9._$-])"),
        Rule(re.compile(rb"\\users\\" + profile), _profile_user, (b"\\users\\",)),
        Rule(re.compile(rb"/users/" + profile), _profile_user, (b"/users/",)),
        Rule(re.compile(rb"/home/" + profile), _profile_user, (b"/home/",)),
        _key_rule(b"user", _NAME_KEYS, user, "user name"),
        _key_rule(b"login", _NAME_KEYS | {b"user"}, user, "user name"),
        _key_rule(b"logon", _NAME_KEYS | {b"user"}, user, "user name"),
        _key_rule(b"account", frozenset({b"name"}), user, "user name"),
        group_rule(b"account name:", rb"account name:[ \t]*(?P<v>[^\s\"'<>]+)", "user name", user),
    ]  # fmt: skip


def _fqdn(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
    """``vpn.contoso.com``: at least two labels of 1-63 characters, no edge hyphens."""
    start = run_start(low, m.start(), _HOST_CHARS, 253)
    while start < m.start() and low[start] in b".-":
        start += 1
    name = low[start : m.end()]
    labels = name.split(b".")
    if len(labels) < 2 or labels[-2].isdigit() or name.endswith(_PUBLIC_DOMAINS):
        return []
    if any(not 0 < len(x) < 64 or x[:1] == b"-" or x[-1:] == b"-" for x in labels):
        return []
    return [Hit(start, m.end(), Category.HOSTNAME, "host name")]


def hostname_rules() -> list[Rule]:
    """FQDNs with a known top-level domain, UNC hosts, ``host=``/``Machine:`` values."""
    tlds = b"|".join(sorted(_TLDS, key=lambda tld: -len(bytes(tld))))
    named = frozenset({b"", b"name"})
    host = Category.HOSTNAME
    return [
        Rule(re.compile(rb"\.(?:" + tlds + rb")(?![a-z0-9-])"), _fqdn),
        group_rule(b"\\\\", rb"\\\\(?P<v>[a-z0-9][a-z0-9.-]*)", "host name", host),
        _key_rule(b"host", named, host, "host name"),
        _key_rule(b"computer", frozenset({b"name"}), host, "host name"),
        _key_rule(b"machine", named, host, "host name"),
        _key_rule(b"server", named, host, "host name"),
        _key_rule(b"workstation", named, host, "host name"),
    ]


# -- addresses ----------------------------------------------------------------------

_NOT_MACS = frozenset({b"00:00:00:00:00:00", b"ff:ff:ff:ff:ff:ff"})
_IPV6_TOKEN = re.compile(rb"[0-9a-f:.]*(?:%[0-9a-z._-]+)?")


def _ipv4(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
    """The match starts at the first dot (a literal is fast to find); the address
    starts at the 1-3 digits before it."""
    start, end = run_start(chunk, m.start(), b"0123456789", 4), m.end()
    if start == m.start() or (start and chunk[start - 1] in b"0123456789."):
        return []
    after = chunk[end : end + 2]
    if after[:1].isdigit() or (after[:1] == b"." and after[1:].isdigit()):
        return []  # part of a version number such as 10.0.19045.4291
    octets = [int(x) for x in chunk[start:end].split(b".")]
    if any(o > 255 for o in octets) or octets[0] in (0, 127, 255) or octets[:2] == [169, 254]:
        return []  # unspecified, loopback, netmask, link-local: diagnostic, not identifying
    return [Hit(start, end, Category.IPV4, "IPv4 address")]


def _ipv6(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
    start = run_start(low, m.start(), b"0123456789abcdef:", 45)
    token = _IPV6_TOKEN.match(low, m.start())
    end = token.end() if token else m.end()
    while end > start and low[end - 1 : end] in (b".", b":") and low[end - 2 : end] != b"::":
        end -= 1
    if (start and low[start - 1] in WORD_BYTES) or (end < len(low) and low[end] in WORD_BYTES):
        return []
    text = low[start:end].split(b"%")[0].decode("ascii", "replace")
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        return []
    groups = [g for g in text.split(":") if g]
    if address.is_loopback or address.is_unspecified or max(map(len, groups), default=0) < 3:
        return []  # "a::b" in C++ or prose is not worth an address
    return [Hit(start, end, Category.IPV6, "IPv6 address")]


def _mac(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
    """The match starts at the first separator; the address two hex digits before it."""
    start, end = m.start() - 2, m.end()
    if start and low[start - 1] in b"0123456789abcdef:-":
        return []
    if low[end : end + 1] in (b":", b"-") or (end < len(low) and low[end] in b"0123456789abcdef"):
        return []
    canonical = low[start:end].replace(b"-", b":")
    if canonical.startswith(b"53:4f:53") or canonical in _NOT_MACS:
        return []  # already a placeholder; "no address" and broadcast say nothing
    return [Hit(start, end, Category.MAC, "MAC address")]


def address_rules(enabled: frozenset[Category]) -> list[Rule]:
    """Addresses start with a digit, which is everywhere in logs, so each pattern starts
    at a separator instead (a literal ``re`` skips to quickly), the digits before it
    checked by a lookbehind and found again in Python."""
    rules = []
    if Category.IPV4 in enabled:
        ipv4 = rb"\.(?<=\d\.)\d{1,3}\.\d{1,3}\.\d{1,3}"
        rules.append(Rule(re.compile(ipv4), _ipv4, lowered=False))
    if Category.IPV6 in enabled:
        rules.append(Rule(re.compile(rb"::"), _ipv6, (b"::",)))
        full = rb":(?<=[0-9a-f]:)(?:[0-9a-f]{1,4}:){6}[0-9a-f]{1,4}"
        rules.append(Rule(re.compile(full), _ipv6))
    if Category.MAC in enabled:
        for sep in (b":", b"-"):
            mac = sep + rb"(?<=[0-9a-f]{2}" + sep + rb")(?:[0-9a-f]{2}" + sep + rb"){4}[0-9a-f]{2}"
            rules.append(Rule(re.compile(mac), _mac))
    return rules
