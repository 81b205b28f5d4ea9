"""Worker processes that never outlive the run that started them.

A ``ProcessPoolExecutor`` worker blocks on its task queue; when the parent is killed (``kill -9``, the
OOM killer, a closed terminal) nothing wakes it, and it waits forever holding memory. Two guards,
installed by ``die_with_parent`` as the pool's initializer:

- on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: the kernel kills the worker the moment its parent
  process dies (the run itself, or the fork server the run started, which ends with the run);
- everywhere, a daemon thread that checks every half second whether the run's process still exists, and
  exits the worker when it does not. (Workers forked by a fork server are the server's children, so the
  check asks for the run's pid, not for the worker's parent.)

``stop_pool`` ends the workers of a pool at once when the parent stops on an error or an interrupt
(instead of waiting for the tasks in flight).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def _watch(parent: int) -> None:
    while True:
        if not _alive(parent):
            os._exit(1)  # no cleanup to run: the parent that wanted the result is gone
        time.sleep(POLL_SECONDS)


def die_with_parent(parent: int) -> None:
    """Make this (worker) process end when process ``parent`` ends."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl (an unusual libc): the watcher thread still ends us
            pass
    if not _alive(parent):  # the run died before the guard was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="die-with-parent", daemon=True).start()


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued tasks and terminate the workers now."""
    workers = dict(getattr(pool, "_processes", None) or {})  # pid -> Process: private, but there since 3.2
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers.values():
        if process.is_alive():
            process.terminate()
    for process in workers.values():
        process.join(timeout=5)


__all__ = ["die_with_parent", "stop_pool"]
