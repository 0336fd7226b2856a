"""Give the memory of a finished upload back to the system.

glibc serves a large block from the heap of the thread that asked for it once it has seen a block of that size
freed (its mmap threshold rises to the largest freed block, up to 32 MB), and keeps freed heap memory in each
thread's arena. With threaded workers, every thread that once handled a 10 MB upload then held tens of MB for
good: 8 uploads at once added about 450 MiB to a worker. A fixed threshold of 1 MB serves every large block
(files, their encrypted copies) from its own mapping, returned as soon as it is freed; and at most 2 heaps
(arenas) are shared by all threads, instead of one more heap for each thread that parsed a document.
"""

from __future__ import annotations

import ctypes
import logging

log = logging.getLogger(__name__)
M_MMAP_THRESHOLD = -3  # from glibc's <malloc.h>
M_ARENA_MAX = -8
THRESHOLD = 1024 * 1024
ARENAS = 2  # glibc's default is 8 per core: each request thread would keep its own heap of what it parsed


def return_large_blocks_to_the_system() -> bool:
    """Fix glibc's mmap threshold at 1 MB and its heaps at 2. False where the C library is not glibc."""
    try:
        # The process's own symbols, libc's among them: find_library would run ldconfig on every app start.
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # musl and others have no mallopt
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    changed = bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD)) and bool(mallopt(M_ARENA_MAX, ARENAS))
    if not changed:
        log.warning("could not set the C library's mmap threshold: uploads may hold memory after they finish")
    return changed
