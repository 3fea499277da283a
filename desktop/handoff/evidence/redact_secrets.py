"""The default rules: passwords, tokens, keys and e-mail addresses.

Two kinds of secret are found.  *By context*: a value after a key that names a
secret (``password=``, ``"client_secret": "..."``, ``<Password><Value>``,
``-Password '...'``, ``scheme://user:pass@host``, ``net use \\\\srv\\share pass``,
``ConvertTo-SecureString "..."``); such a value is also replaced wherever else
it occurs (the caller sweeps for it).  *By shape*: tokens that announce
themselves wherever they appear (``AKIA...`` AWS keys, ``ghp_...`` GitHub
tokens, ``xoxb-...`` Slack tokens, ``eyJ...`` JWTs, private key blocks).

A key is judged in Python: ``PasswordLastSet=`` or ``token_type=`` describe a
secret without being one, ``pass=`` is a password but ``bypass=`` is not, and a
generic ``*key=`` counts only when its value looks random (32+ hex digits or
20+ base64 characters).  Values that say nothing (``true``, ``***``, a
placeholder from an earlier run) are left alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from handoff.evidence.redact_rules import (
    KEY_CHARS,
    WORD_BYTES,
    Category,
    Extract,
    Hit,
    Rule,
    run_start,
)

_Q = rb"(?:\\.|(?!(?P={q}))[^\\\r\n])*"
VALUE_PATTERN = (
    rb"(?P<sfx>[a-z0-9_.\-]*)(?:"
    rb"(?P<sep>[\"']?[ \t]*(?::=|=>|[:=])[ \t]*|[\"'][ \t]+value[ \t]*=[ \t]*)"
    rb"(?:(?P<q>[\"'])(?P<vq>" + _Q.replace(b"{q}", b"q") + rb")(?P=q)|(?P<v>[^\s\"'<>`]+))"
    rb"|>[ \t]*(?:\r?\n[ \t]*)?(?:<value>)?(?P<vx>[^<\r\n]+)<"
    rb"|[ \t]+(?:(?P<q2>[\"'])(?P<vpq>" + _Q.replace(b"{q}", b"q2") + rb")(?P=q2)"
    rb"|(?P<vp>[^\s\"'<>`\-$(@][^\s\"'<>`]*)))"
)
"""After a key: ``=``/``:``/``=>`` and a quoted or bare value; an XML element; or a
PowerShell ``-Param value`` (accepted only after a dash, see :func:`value_span`)."""
KV_GUARD = rb"(?=[a-z0-9_.\-]*(?:[\"']?[ \t]*(?::=|=>|[:=])|[\"'][ \t]+value[ \t]*=|>))"


def ps_guard(anchor: bytes) -> bytes:
    """``-Password x``, ``-ClientSecret x``: a dash up to 12 letters before the keyword."""
    behind = b"|".join(
        b"(?<=-" + b"[a-z]" * width + re.escape(anchor) + b")" for width in range(13)
    )
    return rb"(?=[a-z0-9_]*[ \t]+[^\s\-])(?:" + behind + b")"


_STOP_VALUES = frozenset(
    b"true false null none nil yes no on off enabled disabled required optional invalid "
    b"expired missing failed success ok error unknown n/a na hidden redacted masked removed "
    b"set unset changed empty default incorrect wrong".split()
)
_META = (b"lastset", b"last_set", b"expir", b"length", b"policy", b"required", b"change",
         b"count", b"type", b"reset", b"complex", b"history", b"prompt", b"file", b"path",
         b"url", b"uri", b"endpoint", b"name", b"age", b"len", b"strength", b"never")  # fmt: skip
_PLACEHOLDER = re.compile(rb"\[[A-Z0-9]+-\d+\]|[*\xe2\x80\xa2x#.\-]+")
_CMDLET = re.compile(rb"(?:get|set|new|read|import|export|invoke|convertto|convertfrom)-[a-z]+")
_SCHEMES = frozenset(b"bearer basic digest negotiate ntlm token sso".split())
_SECRET_KEY_WORDS = (b"api", b"access", b"private", b"account", b"secret", b"subscription",
                     b"license", b"licence", b"product", b"encryption", b"master", b"shared",
                     b"signing", b"auth", b"app", b"client", b"preshared", b"storage",
                     b"primary", b"secondary", b"session", b"crypt", b"hmac", b"ssh")  # fmt: skip
_HIGH_ENTROPY = re.compile(
    rb"[0-9a-fA-F]{32,}|(?=[^\d]*\d)(?=[^a-zA-Z]*[a-zA-Z])[\w+/-]{20,}={0,2}"
)
_NEXT_PAIR = re.compile(rb"[&;][a-z0-9_.\-]+=")
_NEXT_TOKEN = re.compile(rb"[ \t]+([^\s\"'<>`,]+)")


def plausible(value: bytes) -> bool:
    """Could this be a secret (or a name), rather than a word about one?"""
    low = value.lower().strip()
    return (
        bool(low)
        and low not in _STOP_VALUES
        and _PLACEHOLDER.fullmatch(value) is None
        and _CMDLET.fullmatch(low) is None  # $cred = Get-Credential
    )


def _whole(prefix: bytes) -> bool:
    """The key is just the keyword (``pass=``, ``--pin``), not part of a longer word."""
    return prefix.strip(b"-_.") == b""


def _tail_is_meta(tail: bytes) -> bool:
    """``PasswordLastSet``, ``token_type``, ``secret_name``: about a secret, not one."""
    tail = tail.strip(b"_.-")
    return bool(tail) and (tail == b"id" or any(word in tail for word in _META))


KeyCheck = Callable[[bytes, bytes], bool | None]
"""(key before the anchor, key after it) -> True (names a secret), None (only a
random-looking value counts), False (not a secret)."""


def _any_key(prefix: bytes, sfx: bytes) -> bool | None:
    return not _tail_is_meta(sfx)


def _whole_or(*heads: bytes) -> KeyCheck:
    def check(prefix: bytes, sfx: bytes) -> bool | None:
        if sfx == b"" and _whole(prefix):
            return True
        head = next((h for h in heads if sfx.startswith(h)), None)
        return head is not None and not _tail_is_meta(sfx[len(head) :])

    return check


_KEY_TAILS = frozenset([b"", b"s", b"value", b"data", b"string", b"material", b"phrase"])


def _key_key(prefix: bytes, sfx: bytes) -> bool | None:
    """``api_key``, ``AccountKey``, ``key=``: a secret; ``keyboard``, ``hotkey``: not; any
    other ``*key`` only when its value looks random."""
    if sfx.strip(b"_.-") not in _KEY_TAILS or prefix.endswith((b"hot", b"registry", b"reg")):
        return False
    if _whole(prefix) or prefix.rstrip(b"_.-").endswith(_SECRET_KEY_WORDS):
        return True
    return None


def value_span(m: re.Match[bytes], low: bytes, key_start: int) -> tuple[int, int] | None:
    """The value's offsets, cut where its context says it ends (URL, JSON, connection string)."""
    group = next(g for g in ("vq", "v", "vx", "vpq", "vp") if m.start(g) >= 0)
    start, end = m.span(group)
    if group in ("vp", "vpq") and low[key_start : key_start + 1] != b"-":
        return None  # "password expired": only a PowerShell -Param takes a bare space
    if group == "vx" and low[key_start - 1 : key_start] == b"/":
        return None  # a closing tag </password>
    if group == "v":
        if (m.group("sep") or b"")[:1] in (b'"', b"'"):  # "key": value, in JSON
            stops = (i for c in b",}]" if (i := low.find(bytes([c]), start, end)) != -1)
            end = min(stops, default=end)
        joined = _NEXT_PAIR.search(low, start, end)  # token=a&sig=b, Password=a;Encrypt=b
        end = joined.start() if joined else _to_semicolon(low, end)
    return (start, end) if end > start else None


def _line_end(low: bytes, pos: int) -> int:
    end = low.find(b"\n", pos)
    end = len(low) if end == -1 else end
    return end - 1 if end > pos and low[end - 1 : end] == b"\r" else end


def _to_semicolon(low: bytes, end: int) -> int:
    """``Password=my pass;Server=x``: in a connection string a value runs to the ``;``."""
    if low[end : end + 1] != b" ":
        return end
    semi = low.find(b";", end, _line_end(low, end))
    return semi if semi != -1 and low.find(b"=", end, semi) == -1 else end


def _kv_rule(anchor: bytes, kind: str, check: KeyCheck) -> Rule:
    def extract(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
        key_start = run_start(low, m.start(), KEY_CHARS, 48)
        verdict = check(low[key_start : m.start()], m.group("sfx"))
        span = value_span(m, low, key_start) if verdict is not False else None
        if span is None:
            return []
        start, end = span
        if anchor == b"auth" and low[start:end] in _SCHEMES:  # Authorization: Bearer <secret>
            nxt = _NEXT_TOKEN.match(chunk, end)
            if nxt is None:
                return []
            start, end = nxt.span(1)
        elif anchor == b"cookie" and b"=" not in (m.group("sep") or b"="):
            end = max(end, _line_end(low, start))  # Cookie: a=1; b=2 - every cookie of it
        value = chunk[start:end]
        if not plausible(value) or (verdict is None and not _HIGH_ENTROPY.fullmatch(value)):
            return []
        return [Hit(start, end, Category.SECRET, kind, sweep=True)]

    guard = b"(?:" + KV_GUARD + b"|" + ps_guard(anchor) + b")"
    return Rule(re.compile(re.escape(anchor) + VALUE_PATTERN), extract, (anchor,), guard=guard)


_SECRET_KEYS: list[tuple[bytes, str, KeyCheck]] = [
    (b"pass", "password", _whole_or(b"word", b"wd", b"phrase", b"code")),
    (b"pwd", "password", _any_key),
    (b"secret", "secret", _any_key),
    (b"token", "token", _any_key),
    (b"key", "key", _key_key),
    (b"auth", "authorization", _whole_or(b"orization")),
    (b"cookie", "cookie", _any_key),
    (b"cred", "credential", _any_key),
    (b"sig", "signature", _whole_or(b"nature")),
    (b"psk", "pre-shared key", _any_key),
]


def _shape_rule(anchors: tuple[bytes, ...], pattern: bytes, guard: bytes, kind: str) -> Rule:
    """A token recognisable by itself (AKIA..., ghp_..., eyJ...), wherever it appears."""

    def extract(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
        start, end = m.span()
        if start and chunk[start - 1] in WORD_BYTES:
            return []
        if end < len(chunk) and chunk[end] in WORD_BYTES:
            return []
        return [Hit(start, end, Category.SECRET, kind)]

    return Rule(re.compile(pattern), extract, anchors, lowered=False, guard=guard)


PEM_MAX = 256 * 1024
"""The longest private key block looked for (a 16384-bit RSA key is about 13 KB)."""
_PEM_BODY = re.compile(
    rb"(?:(?:\r?\n|\\r|\\n)(?:[A-Za-z0-9+/=]+|[A-Za-z-]+: [^\r\n]*)?[ \t]*(?=\r?\n|\\[rn]|\Z))+"
)
"""Without an END line: the base64 (and header) lines that follow, each a whole line."""
_PEM_LEAD = re.compile(rb"(?:\s|\\[rn])*")


def _pem(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
    """The key material between BEGIN and END; without an END, the base64 lines that follow."""
    body_start = m.end()
    end_at = chunk.find(b"-----END " + m.group(1) + b"-----", body_start, body_start + PEM_MAX)
    if end_at == -1:
        body = _PEM_BODY.match(chunk, body_start)
        end_at = body.end() if body else body_start
    lead = _PEM_LEAD.match(chunk, body_start)
    first, last = lead.end() if lead else body_start, end_at
    while last > first and chunk[last - 1 : last] in (b"\n", b"\r", b" ", b"\t"):
        last -= 1
    while last - 2 >= first and chunk[last - 2 : last] in (b"\\n", b"\\r"):
        last -= 2
    return [Hit(first, last, Category.SECRET, "private key")] if last > first else []


def _url(enabled: frozenset[Category]) -> Extract:
    def extract(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
        hits = []
        if Category.USERNAME in enabled:
            hits.append(Hit(*m.span("user"), Category.USERNAME, "user name in URL", sweep=True))
        if m.group("pw") and plausible(chunk[m.start("pw") : m.end("pw")]):
            hits.append(Hit(*m.span("pw"), Category.SECRET, "password in URL", sweep=True))
        return hits

    return extract


_TOKEN = re.compile(rb'"[^"\r\n]*"|[^\s"]+')


def _tokens(m: re.Match[bytes], chunk: bytes) -> list[re.Match[bytes]]:
    return list(_TOKEN.finditer(chunk, m.start("rest"), m.end("rest")))


def _bare(text: bytes) -> bool:
    """A command-line word that can be a password: not a switch, not ``*`` (prompt)."""
    return not text.startswith((b"/", b"-")) and text != b"*" and plausible(text)


def _net_use(enabled: frozenset[Category]) -> Extract:
    """``net use \\\\srv\\share P@ss /user:DOM\\jsmith``, ``net user jsmith P@ss /add``:
    the password is the bare word after the share (or the account)."""

    def extract(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
        hits, tokens = [], _tokens(m, chunk)
        user = low[m.start("rest") : m.start("rest") + 1] == b"r"  # net user <name> <password>
        seen = 0 if user else len(tokens)
        for index, token in enumerate(tokens):
            text = token.group()
            if text.startswith((b"\\\\", b'"\\\\')):
                seen = index
            elif text[:6].lower() == b"/user:" and Category.USERNAME in enabled:
                hits.append(Hit(token.start() + 6, token.end(), Category.USERNAME, "user name"))
            elif index > seen + (1 if user else 0) and _bare(text):
                hits.append(Hit(*token.span(), Category.SECRET, "net use password", sweep=True))
                break
        return hits

    return extract


def _psexec(enabled: frozenset[Category]) -> Extract:
    """``psexec \\\\host -u CONTOSO\\admin -p P@ss cmd``: the word after ``-p``."""

    def extract(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
        hits, tokens = [], _tokens(m, chunk)
        for token, value in itertools.pairwise(tokens):
            switch = token.group().lower()
            if switch == b"-p" and plausible(value.group()):
                hits.append(Hit(*value.span(), Category.SECRET, "psexec password", sweep=True))
            elif switch == b"-u" and Category.USERNAME in enabled:
                hits.append(Hit(*value.span(), Category.USERNAME, "user name", sweep=True))
        return hits

    return extract


def group_rule(
    anchor: bytes, pattern: bytes, kind: str, category: Category, guard: bytes = b""
) -> Rule:
    """A context that names the value outright, in group ``v`` (``Bearer <v>``)."""
    sweep = category in (Category.SECRET, Category.USERNAME)

    def extract(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
        start, end = m.span("v")
        if end <= start or not plausible(chunk[start:end]):
            return []
        return [Hit(start, end, category, kind, sweep=sweep)]

    return Rule(re.compile(pattern), extract, (anchor,), guard=guard)


_QUOTED = rb"(?P<q>[\"'])(?P<v>" + _Q.replace(b"{q}", b"q") + rb")(?P=q)"
_S = Category.SECRET


def secret_rules(enabled: frozenset[Category]) -> list[Rule]:
    """The secret rules; ``enabled`` says whether a URL's or ``net use``'s user counts."""
    return [
        *(_kv_rule(anchor, kind, check) for anchor, kind, check in _SECRET_KEYS),
        group_rule(b"bearer", rb"bearer[ \t]+(?P<v>(?=[a-z0-9\-._~+/]*\d)[a-z0-9\-._~+/]{16,}=*)",
                   "bearer token", _S, rb"(?=[ \t]+[a-z0-9\-._~+/]{16})"),
        group_rule(b"convertto-securestring", rb"convertto-securestring[ \t]+(?:-string[ \t]+)?"
                   + _QUOTED, "PowerShell SecureString", _S, rb"(?=[ \t]+(?:-string[ \t]+)?[\"'])"),
        group_rule(b"auth-token", rb"auth-token(?:-user)?[ \t]+(?P<v>[^\s,]+)",
                   "OpenVPN auth token", _S, rb"(?=(?:-user)?[ \t]+[^\s,])"),
        Rule(re.compile(rb"net use(?P<rest>[^\r\n]*)"), _net_use(enabled), (b"net use",),
             guard=rb"(?=r?[ \t])"),
        Rule(re.compile(rb"psexec(?P<rest>[^\r\n]*)"), _psexec(enabled), (b"psexec",),
             guard=rb"(?=[^\r\n]*[ \t]-[pu][ \t])"),
        Rule(re.compile(rb"://(?P<user>[^\s:/@?#\[\]\"'<>]+)(?::(?P<pw>[^\s/?#\"'<>]*))?@"
                        rb"(?=[^\s@/?#\"'<>]*(?:[/?#\s\"'<>]|$))"), _url(enabled), (b"://",),
             guard=rb"(?=[^\s/?#]*@)"),
        _shape_rule((b"eyj",), rb"eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*", rb"(?=[a-z0-9_-]{4,}\.)",
                    "JWT"),
        _shape_rule((b"akia",), rb"AKIA[0-9A-Z]{16}", rb"(?=[0-9a-z]{16})", "AWS access key"),
        _shape_rule((b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_", b"github_pat_"),
                    rb"gh(?:[pousr]_[A-Za-z0-9]{30,255}|ithub_pat_\w{22,255})",
                    rb"(?=[a-z0-9_]{22})", "GitHub token"),
        _shape_rule((b"xox",), rb"xox[abposr]-[A-Za-z0-9-]{10,}", rb"(?=[abposr]-)",
                    "Slack token"),
        Rule(re.compile(rb"-----BEGIN ([A-Z0-9 ]{0,40}(?:PRIVATE KEY(?: BLOCK)?|Static key V\d))"
                        rb"-----"), _pem, (b"-----begin ",), lowered=False,
             guard=rb"(?=[a-z0-9 ]{0,40}(?:private key|static key))"),
    ]  # fmt: skip


_USERINFO = re.compile(rb"[^\s@/?#:]*(?::[^\s/?#]*)?")
_LOCAL_CHARS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-" + bytes(
    range(0x80, 0x100)
)
_DOMAIN = (
    rb"@(?:[a-z0-9\x80-\xff](?:[a-z0-9\x80-\xff-]{0,61}[a-z0-9\x80-\xff])?\.)+"
    rb"[a-z\x80-\xff]{2,63}(?![a-z0-9-])"
)


def _email(m: re.Match[bytes], chunk: bytes, low: bytes) -> list[Hit]:
    """The mailbox before the ``@`` is found backwards (``rstrip``), the domain by the pattern."""
    at = m.start()
    start = run_start(chunk, at, _LOCAL_CHARS)
    while start < at and chunk[start] == ord("."):
        start += 1
    if start == at:
        return []
    scheme = low.rfind(b"://", max(0, at - 256), at)  # scheme://user:password@host
    if scheme != -1 and _USERINFO.fullmatch(low, scheme + 3, at):
        return []
    return [Hit(start, m.end(), Category.EMAIL, "e-mail address")]


def email_rules() -> list[Rule]:
    """E-mail addresses (and UPNs), anchored at the ``@``."""
    return [Rule(re.compile(_DOMAIN), _email, (b"@",), guard=rb"(?=[a-z0-9\x80-\xff])")]
