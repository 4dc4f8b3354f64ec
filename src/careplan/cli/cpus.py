"""How many workers a batch starts by default: the processors this process may really use.

os.cpu_count() counts the machine's processors. In a container given two
processors' worth of time (a CPU quota) on a 64-core server it says 64, and a
batch would start 64 workers, each loading the templates, fonts and catalogs,
to share two processors' time: slower than two workers, with 32 times the
memory. So the count is the processors this process may run on (its affinity),
lowered to the CPU quota of its control group (Linux cgroup v2 `cpu.max`, or
v1 `cpu.cfs_quota_us` over `cpu.cfs_period_us`) when one is set. Anything that
cannot be read counts as no limit: the answer is never below 1, and --jobs
still overrides it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_CGROUP = Path("/proc/self/cgroup")


def usable_cpus(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> int:
    """The processors this process may use: its affinity, capped by a cgroup CPU quota."""
    try:
        count = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        count = os.cpu_count() or 1
    quota = cpu_quota(root, proc_cgroup)
    if quota is not None:
        count = min(count, max(1, math.ceil(quota)))
    return max(1, count)


def cpu_quota(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_CGROUP) -> float | None:
    """The smallest CPU quota set on this process's control group, in processors (None: no quota).

    Both the group named in /proc/self/cgroup and the mount's top are looked at: in a
    container the group is often mounted as the top, under a path only the host has."""
    paths: list[tuple[str, Path]] = [("v2", root), ("v1", root / "cpu"), ("v1", root / "cpu,cpuacct")]
    try:
        lines = proc_cgroup.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, group = parts
        group = group.strip().lstrip("/")
        if not controllers:
            paths.append(("v2", root / group))
        elif "cpu" in controllers.split(","):
            paths += [("v1", root / "cpu" / group), ("v1", root / controllers / group)]
    quotas = [q for kind, folder in paths if (q := _quota(kind, folder)) is not None]
    return min(quotas) if quotas else None


def _quota(kind: str, folder: Path) -> float | None:
    try:
        if kind == "v2":
            quota, _, period = (folder / "cpu.max").read_text(encoding="ascii").partition(" ")
        else:
            quota = (folder / "cpu.cfs_quota_us").read_text(encoding="ascii")
            period = (folder / "cpu.cfs_period_us").read_text(encoding="ascii")
        q, p = int(quota), int(period)
        return q / p if q > 0 and p > 0 else None
    except (OSError, ValueError, UnicodeDecodeError, OverflowError):  # no file, "max" (no quota), not a number
        return None
