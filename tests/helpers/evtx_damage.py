"""Damaged Event Viewer logs, made from a clean file's bytes (see ``evtx_writer``).

Each helper returns an altered copy: a record whose BinXML is broken (the chunk's
CRCs left as they were, as a bad sector would), a file cut mid-chunk (a copy that
stopped early), a chunk whose header is zeroed, a wrong magic.
"""

from __future__ import annotations

import struct

from tests.helpers.evtx_writer import CHUNK_HEADER_SIZE, CHUNK_SIZE, FILE_HEADER_SIZE


def record_offsets(data: bytes, chunk_index: int = 0) -> list[int]:
    """File offsets of the records in one chunk (by walking their size fields)."""
    chunk = FILE_HEADER_SIZE + chunk_index * CHUNK_SIZE
    free = struct.unpack_from("<I", data, chunk + 48)[0]
    offsets, at = [], chunk + CHUNK_HEADER_SIZE
    while at < chunk + free:
        offsets.append(at)
        at += struct.unpack_from("<I", data, at + 4)[0]
    return offsets


def break_record(data: bytes, chunk_index: int, record_index: int) -> bytes:
    """Flip the bytes where the record's BinXML starts: its tokens become invalid.

    The chunk's CRCs are left as they were, exactly as a bad sector would.
    """
    damaged = bytearray(data)
    at = record_offsets(data, chunk_index)[record_index] + 24
    for i in range(6):
        damaged[at + i] ^= 0xFF
    return bytes(damaged)


def truncate_mid_chunk(data: bytes, chunk_index: int) -> bytes:
    """Cut the file half way through a chunk (a copy that stopped early)."""
    return data[: FILE_HEADER_SIZE + chunk_index * CHUNK_SIZE + CHUNK_SIZE // 2]


def zero_chunk_header(data: bytes, chunk_index: int) -> bytes:
    damaged = bytearray(data)
    start = FILE_HEADER_SIZE + chunk_index * CHUNK_SIZE
    damaged[start : start + CHUNK_HEADER_SIZE] = bytes(CHUNK_HEADER_SIZE)
    return bytes(damaged)


def wrong_magic(data: bytes) -> bytes:
    return b"NotAnEvt" + data[8:]


def chunk_record_counts(data: bytes) -> list[int]:
    """How many records each chunk of a clean file holds."""
    count = (len(data) - FILE_HEADER_SIZE) // CHUNK_SIZE
    return [len(record_offsets(data, i)) for i in range(count)]
