"""How many cores this process can really use: for torch's threads and for dedup's worker processes.

``os.cpu_count()`` counts the machine's cores. What a process can use is fewer when:
- its CPU affinity is restricted (``taskset``, container cpusets): ``os.sched_getaffinity``;
- a cgroup quota caps it (Docker ``--cpus``, Kubernetes limits): ``cpu.max`` (v2) or
  ``cpu.cfs_quota_us`` (v1);
- other processes keep cores busy. Two torch threads on two cores, one of them shared with a busy
  process, wait for each other at every parallel step (and spin while waiting): embedding ran 3x slower
  than on one thread. So the default is the number of cores idle right now, measured over 0.1 s from
  ``/proc/stat`` (the load average lags by a minute), at least 1.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path


def usable_cpus() -> int:
    """Cores this process may run on: affinity, capped by a cgroup CPU quota if there is one."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        count = os.cpu_count() or 1
    quota = _cgroup_quota()
    if quota is not None:
        count = min(count, max(1, math.ceil(quota)))
    return max(1, count)


def _cgroup_quota() -> float | None:
    """The CPU quota in cores (cgroup v2, then v1), or None when there is none or it cannot be read."""
    try:
        v2 = Path("/sys/fs/cgroup/cpu.max")
        if v2.is_file():
            quota, period = v2.read_text().split()[:2]
            return None if quota == "max" else int(quota) / int(period)
        v1 = Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")
        if v1.is_file():
            quota_us = int(v1.read_text())
            period_us = int(Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us").read_text())
            return None if quota_us <= 0 else quota_us / period_us
    except (OSError, ValueError):
        return None
    return None


def _busy_and_total() -> tuple[int, int] | None:
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return sum(fields) - idle, sum(fields)


def idle_cpus(window: float = 0.1) -> float | None:
    """Cores idle over the next ``window`` seconds (from /proc/stat), or None where that cannot be read."""
    before = _busy_and_total()
    if before is None:
        return None
    time.sleep(window)
    after = _busy_and_total()
    if after is None or after[1] == before[1]:
        return None
    busy_share = (after[0] - before[0]) / (after[1] - before[1])
    return (1 - busy_share) * (os.cpu_count() or 1)


def default_threads(requested: int | None = None) -> int:
    """``requested`` if given (``--threads N``); else the usable cores that are idle now, at least 1.

    Measured once, when a model loads or a dedup run starts: a long-lived process (``serve``) keeps
    the count it started with; pass ``--threads`` to fix it."""
    if requested:
        return max(1, requested)
    usable = usable_cpus()
    idle = idle_cpus()
    if idle is None:
        try:
            idle = (os.cpu_count() or 1) - os.getloadavg()[0]
        except OSError:
            return usable
    return max(1, min(usable, math.floor(idle + 0.5)))


__all__ = ["default_threads", "idle_cpus", "usable_cpus"]
