"""The default number of batch workers: the processors this process may use, a container's CPU quota included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careplan.cli.cpus import cpu_quota, usable_cpus


def _affinity() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _v2(tmp_path: Path, group: str, cpu_max: str) -> tuple[Path, Path]:
    root, proc = tmp_path / "cgroup", tmp_path / "proc-cgroup"
    (root / group).mkdir(parents=True, exist_ok=True)
    (root / group / "cpu.max").write_text(cpu_max)
    proc.write_text(f"0::/{group}\n")
    return root, proc


def _v1(tmp_path: Path, mount: str, group: str, quota: str, period: str = "100000") -> tuple[Path, Path]:
    root, proc = tmp_path / "cgroup", tmp_path / "proc-cgroup"
    folder = root / mount / group
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "cpu.cfs_quota_us").write_text(quota + "\n")
    (folder / "cpu.cfs_period_us").write_text(period + "\n")
    proc.write_text(f"4:memory:/{group}\n2:{mount}:/{group}\n0::/\n")
    return root, proc


@pytest.mark.parametrize(("cpu_max", "quota"), [("200000 100000\n", 2.0), ("150000 100000", 1.5),
                                                 ("50000 100000", 0.5), ("max 100000\n", None)])
def test_a_cgroup_v2_quota_is_read_in_processors(tmp_path: Path, cpu_max: str, quota: float | None) -> None:
    root, proc = _v2(tmp_path, "docker/abc", cpu_max)
    assert cpu_quota(root, proc) == quota


@pytest.mark.parametrize("mount", ["cpu", "cpu,cpuacct"])
def test_a_cgroup_v1_quota_is_read_in_processors(tmp_path: Path, mount: str) -> None:
    root, proc = _v1(tmp_path, mount, "kubepods/pod1", "300000")
    assert cpu_quota(root, proc) == 3.0
    root, proc = _v1(tmp_path / "unlimited", mount, "kubepods/pod1", "-1")
    assert cpu_quota(root, proc) is None


def test_a_quota_at_the_top_of_the_mount_counts_too(tmp_path: Path) -> None:
    """In a container the group is often mounted as the top, under a path only the host knows."""
    root, proc = tmp_path / "cgroup", tmp_path / "proc-cgroup"
    root.mkdir()
    (root / "cpu.max").write_text("100000 100000")
    proc.write_text("0::/only/the/host/has/this\n")
    assert cpu_quota(root, proc) == 1.0


def test_a_quota_too_large_for_a_number_is_no_quota(tmp_path: Path) -> None:
    root, proc = _v2(tmp_path, "box", "1" + "0" * 400 + " 1")
    assert cpu_quota(root, proc) is None and usable_cpus(root, proc) == _affinity()


@pytest.mark.parametrize("text", ["", "garbage", "0::/x\n", "1:cpu\n", "0::/missing\n"])
def test_nothing_readable_is_no_quota(tmp_path: Path, text: str) -> None:
    proc = tmp_path / "proc-cgroup"
    proc.write_text(text)
    assert cpu_quota(tmp_path / "none", proc) is None
    assert cpu_quota(tmp_path / "none", tmp_path / "no-such-file") is None
    assert usable_cpus(tmp_path / "none", proc) == _affinity()


def test_a_quota_lowers_the_count_rounding_up_and_never_to_zero(tmp_path: Path) -> None:
    root, proc = _v2(tmp_path, "box", "150000 100000")
    assert usable_cpus(root, proc) == min(_affinity(), 2)
    root, proc = _v2(tmp_path / "small", "box", "10000 100000")
    assert usable_cpus(root, proc) == 1
    root, proc = _v2(tmp_path / "large", "box", "6400000 100000")  # more than this machine has: its own count
    assert usable_cpus(root, proc) == _affinity()


def test_the_batch_starts_that_many_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --jobs, a batch in a one-processor container renders in one process (no workers)."""
    import io

    from careplan.cli import batch, main

    monkeypatch.setattr(batch, "usable_cpus", lambda: 1)
    started: list[int] = []
    real = batch._results

    def counting(jobs, request, workers, tell):
        started.append(workers)
        return real(jobs, request, workers, tell)

    monkeypatch.setattr(batch, "_results", counting)
    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        (src / f"v{n}.yaml").write_text("version: 1\nage: 40\nlocations: [neck]\nduration: under_1_week\n"
                                        "onset: sudden\nactivity: moderate\nregion: GB\n")
    status = main(["batch", str(src), "-o", str(tmp_path / "out"), "--date", "2026-11-28"],
                  stdout=io.StringIO(), stderr=io.StringIO())
    assert status == 0 and started == [1]
