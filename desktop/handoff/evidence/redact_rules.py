"""The scanner that finds secrets in log text fast, and the shapes of what it finds.

The rules themselves are in :mod:`~handoff.evidence.redact_secrets` (on by
default) and :mod:`~handoff.evidence.redact_personal` (optional).

Speed shapes everything here: a 500 MB log must be redacted at 50 MB/s or
better in pure Python.  Python's ``re`` is quick only when a pattern starts
with a literal: it then skips from one occurrence to the next in a tight C loop.
A pattern that starts with a character class, or uses ``IGNORECASE``, is tried
at every byte and crawls (40-200 MB/s), and every extra pattern is another full
pass over the text.  So:

* every rule names *anchors*, lower-case literals where a match can start
  ("pass", "token", "@", "eyj", "-----begin "); they are found in a lower-cased
  copy of the chunk (ASCII only, so offsets are unchanged) and the rule's own
  pattern is then matched at that offset only, on either copy;
* anchors that contain a byte rarely seen in logs (``w k y j x _ @`` ...) share
  one pass per such byte (``k`` finds "token", "key", "cookie", "akia" at once);
  the others get one literal pass each;
* a cheap *guard* after each anchor (is a separator coming?) is checked in C,
  so Python only sees places that nearly match.

What a regex cannot say cheaply (is ``PasswordLastSet`` a password? is ``a::b``
an address?) is decided in Python at those few places.  Text is handled as
UTF-8 bytes; the caller transcodes other encodings.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


class Category(StrEnum):
    """What was found; the engineer switches categories on and off as a whole."""

    SECRET = "secret"  # noqa: S105 - a category name, not a password
    EMAIL = "email"
    USERNAME = "username"
    HOSTNAME = "hostname"
    IPV4 = "ipv4"
    IPV6 = "ipv6"
    MAC = "mac"
    WORD = "word"
    """A word or name the engineer listed (client name, project, person)."""

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def tag(self) -> str:
        """The placeholder's prefix: ``[SECRET-1]``, ``[USER-2]``."""
        return (
            "USER"
            if self is Category.USERNAME
            else "HOST"
            if self is Category.HOSTNAME
            else self.name
        )


_LABELS = {
    Category.SECRET: "Passwords, tokens and keys",
    Category.EMAIL: "E-mail addresses",
    Category.USERNAME: "User names",
    Category.HOSTNAME: "Host and domain names",
    Category.IPV4: "IPv4 addresses",
    Category.IPV6: "IPv6 addresses",
    Category.MAC: "MAC addresses",
    Category.WORD: "Listed words and names",
}
DEFAULT_CATEGORIES = frozenset({Category.SECRET, Category.EMAIL})
"""On unless the engineer turns them off: nobody wants a password in a handoff."""
_PRIORITY = {category: rank for rank, category in enumerate(Category)}


class Hit(NamedTuple):
    """One stretch of bytes to replace, in chunk offsets."""

    start: int
    end: int
    category: Category
    kind: str
    """What it is, for the review: "password", "JWT", "AWS access key"..."""
    key: bytes | None = None
    """The value to map when it differs from the text (a known value in other case)."""
    sweep: bool = False
    """Found only by its context (``password=...``): replace it wherever else it occurs."""


class Sweep(NamedTuple):
    """A literal to replace wherever it occurs (a listed word, a password seen before)."""

    category: Category
    needle: bytes
    """Lower-cased; found in the lower-cased chunk."""
    key: bytes | None
    bounded: bool
    """Not inside a longer word (see :func:`bounded`): a password ``passwo`` must not
    eat the key ``password``, a short name not the middle of ordinary words."""


Extract = Callable[[re.Match[bytes], bytes, bytes], list[Hit]]
"""(match, original chunk, lower-cased chunk) -> hits; [] when the match is not one."""


@dataclass(frozen=True)
class Rule:
    """One way a secret shows itself: where it starts (anchors), its pattern, and the
    Python that decides what part of a match, if any, to replace."""

    pattern: re.Pattern[bytes]
    """Matched at an anchor's offset (so it starts with the anchor), or searched."""
    extract: Extract
    anchors: tuple[bytes, ...] = ()
    """Lower-case literals where a match starts; none: the rule searches the chunk."""
    lowered: bool = True
    """Match ``pattern`` against the lower-cased chunk (keywords) or the original (shapes)."""
    guard: bytes = b""
    """A regex checked right after the anchor, in C, before Python is involved."""


RARE = b"!$^`~{}|@#%&*;=?\"'<>\\_qjzxkwyvbh"
"""Bytes seldom seen in logs, rarest first: an anchor containing one is found by a
pass that stops only at that byte."""
WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
KEY_CHARS = b"abcdefghijklmnopqrstuvwxyz0123456789_.-"


def run_start(text: bytes, end: int, chars: bytes, limit: int = 64) -> int:
    """Where the run of ``chars`` that ends at ``end`` starts (C speed: ``rstrip``)."""
    window = text[max(0, end - limit) : end]
    return end - (len(window) - len(window.rstrip(chars)))


def bounded(text: bytes, start: int, end: int) -> bool:
    """``text[start:end]`` is not part of a longer word: no word byte runs on past an
    edge that is itself a word byte (``hunter2`` in ``hunter2!`` yes, in ``hunter2x`` no)."""
    if start and text[start] in WORD_BYTES and text[start - 1] in WORD_BYTES:
        return False
    return not (end < len(text) and text[end - 1] in WORD_BYTES and text[end] in WORD_BYTES)


def rare_index(anchor: bytes) -> int | None:
    """Index of the anchor's rarest byte, if it has one in :data:`RARE`."""
    ranked = [(RARE.find(c), i) for i, c in enumerate(anchor) if c in RARE]
    return min(ranked)[1] if ranked else None


# -- the scan -----------------------------------------------------------------------

_Members = tuple[tuple[bytes, int], ...]
"""The anchors a pass finds, each with the offset of the byte the pass stops at."""
_Passes = list[tuple[re.Pattern[bytes], _Members]]


class Scanner:
    """Finds every hit of a set of rules and sweeps in a chunk (see the module doc).

    The rules' passes are compiled once; :meth:`with_sweeps` swaps only the
    sweeps' passes, which change as a plan discovers values.
    """

    def __init__(self, rules: Sequence[Rule], sweeps: Sequence[Sweep] = ()) -> None:
        self._searching = [rule for rule in rules if not rule.anchors]
        self._rules: dict[bytes, list[Rule]] = {}
        guards: dict[bytes, set[bytes]] = {}
        for rule in rules:
            for anchor in rule.anchors:
                self._rules.setdefault(anchor, []).append(rule)
                guards.setdefault(anchor, set()).add(rule.guard)
        self._rule_passes = _passes(guards)
        self._sweeps: dict[bytes, list[Sweep]] = {}
        self._sweep_passes: _Passes = []
        self._set_sweeps(sweeps)

    def with_sweeps(self, sweeps: Sequence[Sweep]) -> Scanner:
        """The same rules with other sweeps (compiling only the sweeps' passes)."""
        twin = copy.copy(self)
        twin._set_sweeps(sweeps)
        return twin

    def _set_sweeps(self, sweeps: Sequence[Sweep]) -> None:
        self._sweeps = {}
        for sweep in sweeps:
            self._sweeps.setdefault(sweep.needle, []).append(sweep)
        self._sweep_passes = _passes({needle: {b""} for needle in self._sweeps})

    def hits(self, chunk: bytes, *, rules: bool = True) -> list[Hit]:
        """Every stretch of ``chunk`` to replace, sorted, overlaps merged (without
        ``rules``: only what the sweeps find)."""
        low = chunk.lower()
        found: list[Hit] = []
        for pattern, members in self._rule_passes if rules else ():
            for anchor, start in _occurrences(pattern, members, low):
                for rule in self._rules[anchor]:
                    m = rule.pattern.match(low if rule.lowered else chunk, start)
                    if m is not None:
                        found.extend(rule.extract(m, chunk, low))
        for pattern, members in self._sweep_passes:
            for needle, start in _occurrences(pattern, members, low):
                end = start + len(needle)
                for sweep in self._sweeps[needle]:
                    if not sweep.bounded or bounded(low, start, end):
                        kind = "known value" if sweep.category is Category.SECRET else "listed name"
                        found.append(Hit(start, end, sweep.category, kind, sweep.key))
        for rule in self._searching if rules else ():
            _search(rule, chunk, low, found)
        return merge_hits(found)


def _occurrences(
    pattern: re.Pattern[bytes], members: _Members, low: bytes
) -> Iterator[tuple[bytes, int]]:
    """(anchor, where it starts) for every place ``pattern`` stops at in ``low``."""
    search, pos = pattern.search, 0
    while (m := search(low, pos)) is not None:
        at = m.start()
        for anchor, offset in members:
            if at >= offset and low.startswith(anchor, at - offset):
                yield anchor, at - offset
        pos = at + 1


def _guard(guards: set[bytes]) -> bytes:
    return b"" if b"" in guards else b"(?:" + b"|".join(sorted(guards)) + b")"


def _passes(guards: dict[bytes, set[bytes]]) -> _Passes:
    """One pass per rare byte (its anchors as alternatives), one literal pass per other anchor.

    A rare byte's pass starts with that byte alone, each anchor's part before it
    becoming a lookbehind: ``re`` then runs its fastest loop (a one-byte literal
    prefix) and stops only at that byte, for a few nanoseconds each time.  (A
    pass over a *set* of bytes costs ten times more per stop, so bytes are not
    combined.)
    """
    passes: _Passes = []
    rare: dict[int, list[tuple[bytes, int]]] = {}
    for anchor, anchor_guards in guards.items():
        index = rare_index(anchor)
        if index is None:
            literal = re.compile(re.escape(anchor) + _guard(anchor_guards))
            passes.append((literal, ((anchor, 0),)))
        else:
            rare.setdefault(anchor[index], []).append((anchor, index))
    for byte, members in rare.items():
        alternatives = [
            (b"(?<=" + re.escape(anchor[: index + 1]) + b")" if index else b"")
            + re.escape(anchor[index + 1 :])
            + _guard(guards[anchor])
            for anchor, index in members
        ]
        branch = b"(?:" + b"|".join(alternatives) + b")"
        passes.append((re.compile(re.escape(bytes([byte])) + branch), tuple(members)))
    return passes


def _search(rule: Rule, chunk: bytes, low: bytes, found: list[Hit]) -> None:
    """A rule without anchors (addresses): search the chunk; a rejected match resumes a
    byte later, so a match that swallowed text cannot hide a real one."""
    search, text, pos = rule.pattern.search, low if rule.lowered else chunk, 0
    while (m := search(text, pos)) is not None:
        hits = rule.extract(m, chunk, low)
        found.extend(hits)
        pos = max(m.end(), m.start() + 1) if hits else m.start() + 1


def merge_hits(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits become one (the union), labelled by the earliest, longest, most secret.

    A union, not a choice: dropping the tail of a partly overlapping secret would
    leave part of it in the text.
    """
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h.start, -h.end, _PRIORITY[h.category]))
    merged = [hits[0]]
    for hit in hits[1:]:
        last = merged[-1]
        if hit.start < last.end:
            if hit.end > last.end:
                merged[-1] = last._replace(end=hit.end, key=None, sweep=False)
            continue
        merged.append(hit)
    return merged
