"""Large blocks go back to the system when freed (app/uploads/memory.py)."""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from pathlib import Path

import pytest

from app.uploads.memory import return_large_blocks_to_the_system


def _resident_kib() -> int:
    return int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))  # type: ignore[union-attr]


@pytest.mark.skipif(ctypes.util.find_library("c") is None, reason="no C library found")
def test_a_freed_large_block_is_not_kept_resident() -> None:
    assert return_large_blocks_to_the_system()
    before = _resident_kib()
    # A big block freed, then smaller ones: without the fix glibc raises its threshold to the first block's size
    # and serves the later ones from the heap, which it keeps.
    for size in (30, 20, 20, 20):
        block = bytearray(size * 1024 * 1024)
        block[::4096] = b"x" * len(block[::4096])  # written to: every page resident while it lives
        del block
    assert _resident_kib() - before < 10 * 1024  # each block went back when freed
