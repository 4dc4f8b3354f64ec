"""Benchmark: cold CLI start vs importing ReportLab, warm rendering, PDF size, batch rate.

Run: python benchmarks/bench.py [--runs N] [--batch N]
Prints medians; the README quotes them. Not a test: timings vary by machine.

Cold runs use a private XDG_CACHE_HOME (primed by one untimed run per locale),
so they measure the everyday case: the compiled-catalog cache already filled.
Bytecode is cached as after `pip install` (PYTHONDONTWRITEBYTECODE is
dropped for the runs: ReportLab's .pyc files exist, careplan's must too, or
the comparison times Python's compiler instead of careplan).
The locales are timed interleaved (base, en, ru, es, base, en, ...) so a
drift in machine load touches all of them alike.
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
LOCALES = ("en", "ru", "es")
DATE = "2026-11-22"


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def warm_ms(locale: str) -> float:
    from careplan import answers, content
    from careplan.planner import make_plan
    from careplan.render.handout import HandoutOptions, render_handout

    c = content.load()
    a = answers.load(EXAMPLE)
    p = make_plan(a, c, locale=locale, region=a.region)
    opts = HandoutOptions(date=dt.date(2026, 11, 22))
    for _ in range(5):  # warm-up
        render_handout(a, p, c, opts)
    times = []
    for _ in range(30):
        start = time.perf_counter()
        render_handout(a, p, c, opts)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15, help="cold runs per command (at least 11)")
    parser.add_argument("--batch", type=int, default=200, help="answers files for the batch rate")
    args = parser.parse_args()
    runs = max(args.runs, 11)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XDG_CACHE_HOME": os.path.join(tmp, "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        base_cmd = [py, "-c", "import reportlab.platypus"]
        cmds = {loc: [py, "-m", "careplan", "--answers", str(EXAMPLE), "--lang", loc,
                      "-o", os.path.join(tmp, f"h-{loc}.pdf"), "--date", DATE] for loc in LOCALES}
        plan_cmd = [py, "-m", "careplan", "plan", "--answers", str(EXAMPLE)]
        for cmd in (base_cmd, *cmds.values()):  # untimed: fills the OS and catalog caches
            timed(cmd, env)
        times: dict[str, list[float]] = {"base": [], "plan": [], **{loc: [] for loc in LOCALES}}
        for _ in range(runs):
            times["base"].append(timed(base_cmd, env))
            for loc in LOCALES:
                times[loc].append(timed(cmds[loc], env))
            times["plan"].append(timed(plan_cmd, env))
        med = {k: statistics.median(v) * 1000 for k, v in times.items()}
        sizes = {loc: os.path.getsize(os.path.join(tmp, f"h-{loc}.pdf")) / 1024 for loc in LOCALES}

        answers_dir, out_dir = os.path.join(tmp, "answers"), os.path.join(tmp, "out")
        subprocess.run([py, str(ROOT / "benchmarks" / "make_answers.py"), answers_dir, "--count", str(args.batch)],
                       check=True, stdout=subprocess.DEVNULL, env=env)
        batch_s = timed([py, "-m", "careplan", "batch", answers_dir, "-o", out_dir, "--date", DATE], env)

    warm = {loc: warm_ms(loc) for loc in LOCALES}

    print(f"cold, median of {runs} (XDG cache primed)          en      ru      es")
    print(f"python -c 'import reportlab.platypus'   {med['base']:7.0f} ms")
    print("careplan --answers FILE -o OUT.pdf      "
          + "  ".join(f"{med[loc]:4.0f} ms" for loc in LOCALES))
    print("  ratio to the import (goal <= 1.5x)    "
          + "  ".join(f"{med[loc] / med['base']:6.2f}x" for loc in LOCALES))
    print(f"careplan plan --answers FILE            {med['plan']:7.0f} ms")
    print("render one handout in-process (warm)    "
          + "  ".join(f"{warm[loc]:4.1f} ms" for loc in LOCALES) + "  (goal < 20 ms)")
    print("PDF size                                "
          + "  ".join(f"{sizes[loc]:4.1f} KB" for loc in LOCALES) + "  (goal <= 40 KB)")
    print(f"careplan batch, {args.batch} files, {os.cpu_count()} cores   {batch_s:7.1f} s  "
          f"= {args.batch / batch_s:.0f} handouts/s  (goal 100/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
