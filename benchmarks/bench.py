"""Benchmark: cold CLI start vs importing ReportLab, and warm in-process rendering.

Run: python benchmarks/bench.py [--runs N]
Prints medians; the README quotes them. Not a test: timings vary by machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sciatica.yaml"


def cold(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "h.pdf")
        base = cold([py, "-c", "import reportlab.platypus"], args.runs)
        full = cold([py, "-m", "careplan", "--answers", str(EXAMPLE), "-o", out, "--date", "2026-11-22"], args.runs)
        plan = cold([py, "-m", "careplan", "plan", "--answers", str(EXAMPLE)], args.runs)
        size = os.path.getsize(out)

    from careplan import answers, content
    from careplan.planner import make_plan
    from careplan.render.handout import HandoutOptions, render_handout

    c = content.load()
    a = answers.load(EXAMPLE)
    p = make_plan(a, c, locale="en", region=a.region)
    opts = HandoutOptions(date=dt.date(2026, 11, 22))
    for _ in range(5):  # warm-up
        render_handout(a, p, c, opts)
    warm = []
    for _ in range(30):
        start = time.perf_counter()
        render_handout(a, p, c, opts)
        warm.append(time.perf_counter() - start)
    warm_ms = statistics.median(warm) * 1000

    print(f"python -c 'import reportlab.platypus'   {base * 1000:7.0f} ms")
    print(f"careplan --answers FILE -o OUT.pdf      {full * 1000:7.0f} ms  ({full / base:.2f}x; goal <= 2x)")
    print(f"careplan plan --answers FILE            {plan * 1000:7.0f} ms")
    print(f"render one handout in-process (warm)    {warm_ms:7.1f} ms  (goal < 50 ms)")
    print(f"PDF size                                {size / 1024:7.1f} KB  (goal < 150 KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
