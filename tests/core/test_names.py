"""Attachment names must be valid and distinct on Windows, macOS and Linux."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from handoff.package.names import MAX_CHARS, name_key, numbered_name, safe_filename, unique_names

_FORBIDDEN = set('/\\:*?"<>|')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(10)}

# Names as they come from users and other systems: any text, plus the nasty cases.
names = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from('ab. /\\:*?"<>|\x00\x1f\u202e'), max_size=40),
    st.sampled_from(["CON", "nul.txt", "Com1.log", "lpt9", ".", "..", "...", " ", "", "a" * 500]),
    st.builds(lambda s, e: f"{s}.{e}", st.text(max_size=200), st.text(max_size=20)),
)


def _valid(name: str) -> None:
    assert name
    assert name not in {".", ".."}
    assert not _FORBIDDEN & set(name)
    assert all(unicodedata.category(c) not in {"Cc", "Cf", "Cs"} for c in name)
    assert name.split(".", maxsplit=1)[0].rstrip(" ").upper() not in _RESERVED
    assert not name.endswith((".", " "))
    assert len(name) <= MAX_CHARS
    assert len(name.encode("utf-8")) <= 255


@given(names)
def test_safe_filename_is_portable_and_idempotent(name: str) -> None:
    result = safe_filename(name)
    _valid(result)
    assert safe_filename(result) == result


@given(st.lists(names, max_size=12))
def test_unique_names_are_distinct_and_safe(given_names: list[str]) -> None:
    result = unique_names(given_names)
    assert len(result) == len(given_names)
    assert len({name_key(name) for name in result}) == len(result)
    for name in result:
        _valid(name)


def test_safe_filename_examples() -> None:
    assert safe_filename("PanGPS.log") == "PanGPS.log"
    assert safe_filename("../../etc/passwd") == "_.._etc_passwd"
    assert safe_filename("C:\\Users\\x.txt") == "C__Users_x.txt"
    assert safe_filename("CON") == "_CON"
    assert safe_filename("nul.tar.gz") == "_nul.tar.gz"
    assert safe_filename(" .hidden. ") == "hidden"
    assert safe_filename("") == "file"
    long = safe_filename("x" * 300 + ".log")
    assert long.endswith(".log") and len(long) == MAX_CHARS


def test_unique_names_number_duplicates_and_keep_extensions() -> None:
    assert unique_names(["a.log", "A.LOG", "b.png", "a.log"]) == [
        "a.log",
        "A (2).LOG",
        "b.png",
        "a (3).log",
    ]
    # A later file literally called "a (2).log" keeps its own name.
    assert unique_names(["a.log", "a.log", "a (2).log"]) == ["a.log", "a (3).log", "a (2).log"]


def test_numbered_name_stays_within_the_limit() -> None:
    name = numbered_name("y" * MAX_CHARS, 12)
    assert name.endswith(" (12)") and len(name) == MAX_CHARS
