"""Benchmark: cold CLI start vs importing ReportLab, warm rendering, PDF size, batch rate.

Run: python benchmarks/bench.py [--runs N] [--batch N] [--against OTHER_CHECKOUT] [--peer-python PY]
Prints medians; the README quotes them. Not a test: timings vary by machine.

Cold runs use a private XDG_CACHE_HOME, one per checkout (primed by one
untimed run per command), so they measure the everyday case: careplan's caches (compiled
catalogs, the validated templates, the locale data for dates and lists)
already filled. Bytecode is cached as after `pip install`
(PYTHONDONTWRITEBYTECODE is dropped for the runs: ReportLab's .pyc files
exist, careplan's must too, or the comparison times Python's compiler).
All commands are timed interleaved, one of each per round in an order
shuffled every round, so a drift in machine load touches all of them alike
and no command always runs right after the same one (a heavy Chinese run
just before was seen to slow the next one). With --against, a second
checkout (say `git worktree add /tmp/before main`) is timed in the same
rounds, for a before/after comparison under the same conditions. The batch
and the two warm scripts run --batch-runs times per checkout, the checkouts
taking turns (the order flipped each round), and their medians are reported:
on a shared machine one run of either swung by a third.

With --instructions, each cold command is also run once under valgrind's
callgrind (after the timed rounds, hash seed fixed) and its instruction
count printed with its ratio to the import's: a measure the machine's load
does not move, for comparing versions whose difference is smaller than the
clock's swing. It is not the goal's measure (the import runs more
instructions per cycle than a handout's own work, so the ratio in time is
higher), and it needs valgrind (apt-get install valgrind).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "sciatica.yaml"
LOCALES = ("en", "ru", "es", "ar", "zh")  # English, a Cyrillic, a Latin, the RTL and the CJK one
DATE = "2026-11-22"

WARM = """
import datetime as dt, statistics, sys, time
from pathlib import Path
from typing import Any
from careplan.contract import answers
from careplan.content import loading as content
from careplan.planning.planner import make_plan
from careplan.render.handout import HandoutOptions, render_handout
c = content.load()
a = answers.load(Path(sys.argv[1]))
for locale in sys.argv[2:]:
    p = make_plan(a, c, locale=locale, region=a.region)
    opts = HandoutOptions(date=dt.date(2026, 11, 22))
    for _ in range(5):
        render_handout(a, p, c, opts)
    times = []
    for _ in range(30):
        start = time.perf_counter()
        render_handout(a, p, c, opts)
        times.append(time.perf_counter() - start)
    print(statistics.median(times) * 1000)
"""

# A warm process rendering different handouts, as a clinic or a batch does: WARM renders one
# handout again and again, which every per-process memo (wrapped lines, font subsets) favours.
VARIED = """
import datetime as dt, statistics, sys, time
from pathlib import Path
from careplan.contract import answers
from careplan.content import loading as content
from careplan.planning.planner import make_plan
from careplan.render.handout import HandoutOptions, render_handout
c = content.load()
files = sorted(Path(sys.argv[1]).glob("*.yaml"))
opts = HandoutOptions(date=dt.date(2026, 11, 22))
for locale in sys.argv[2:]:
    jobs = []
    for f in files:
        a = answers.load(f)
        jobs.append((a, make_plan(a, c, locale=locale, region=a.region)))
    for a, p in jobs[:10]:
        render_handout(a, p, c, opts)
    times = []
    for a, p in jobs[10:]:
        start = time.perf_counter()
        render_handout(a, p, c, opts)
        times.append(time.perf_counter() - start)
    print(statistics.median(times) * 1000)
"""


CPU: dict[str, list[float]] = {}  # user + system seconds of each timed child, by command


def timed(cmd: list[str], env: dict[str, str], label: str | None = None) -> float:
    """Wall seconds; with a label, the child's CPU seconds are kept in CPU (less disturbed by other load)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if label:
        CPU.setdefault(label, []).append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def instructions(cmd: list[str], env: dict[str, str]) -> int | None:
    """The instructions one run of cmd executes, counted by valgrind's callgrind (None without valgrind)."""
    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                          check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          env={**env, "PYTHONHASHSEED": "0"})
    counted = [line.split()[-1] for line in done.stderr.splitlines() if "Collected :" in line]
    return int(counted[-1]) if counted else None


def measure(trees: dict[str, Path], runs: int, batch: int, batch_runs: int = 3,
            count: bool = False) -> dict[str, dict[str, Any]]:
    py = sys.executable
    results: dict[str, dict[str, Any]] = {name: {} for name in trees}
    with tempfile.TemporaryDirectory() as tmp:
        base_env = {**os.environ, "XDG_CACHE_HOME": os.path.join(tmp, "cache")}
        base_env.pop("PYTHONDONTWRITEBYTECODE", None)
        # a cache folder per tree: two versions keyed differently would each drop the other's
        # entries (cachefile.put_latest) and pay for parsing fonts on every run
        envs = {name: {**base_env, "PYTHONPATH": str(root / "src"),
                       "XDG_CACHE_HOME": os.path.join(tmp, f"cache-{name}")} for name, root in trees.items()}
        base_cmd = [py, "-c", "import reportlab.platypus"]
        cmds = {(name, loc): [py, "-m", "careplan", "--answers", str(EXAMPLE), "--lang", loc,
                              "-o", os.path.join(tmp, f"{name}-{loc}.pdf"), "--date", DATE]
                for name in trees for loc in LOCALES}
        plan_cmd = [py, "-m", "careplan", "plan", "--answers", str(EXAMPLE)]
        timed(base_cmd, base_env)  # untimed: fills the OS, bytecode and catalog caches
        for (name, _), cmd in cmds.items():
            timed(cmd, envs[name])
        for name in trees:
            timed(plan_cmd, envs[name])
        times: dict[object, list[float]] = {}
        round_: list[tuple[object, list[str], dict[str, str], str | None]] = [("base", base_cmd, base_env, "base")]
        round_ += [((name, loc), cmd, envs[name], f"{name}-{loc}") for (name, loc), cmd in cmds.items()]
        round_ += [((name, "plan"), plan_cmd, envs[name], None) for name in trees]
        shuffle = random.Random(2026)  # a new order each round, the same rounds each time the script runs
        for _ in range(runs):
            shuffle.shuffle(round_)  # no command always runs right after the same one
            for key, cmd, env, label in round_:
                times.setdefault(key, []).append(timed(cmd, env, label))
        base = statistics.median(times["base"]) * 1000
        for name in trees:
            r = results[name]
            r["base"] = base
            r["cpu_base"] = statistics.median(CPU["base"]) * 1000
            r["cpu"] = {loc: statistics.median(CPU[f"{name}-{loc}"]) * 1000 for loc in LOCALES}
            for key in (*LOCALES, "plan"):
                r[key] = statistics.median(times[(name, key)]) * 1000
            r["size"] = {loc: os.path.getsize(os.path.join(tmp, f"{name}-{loc}.pdf")) / 1024 for loc in LOCALES}
        if count:  # once each, after the timed rounds (valgrind runs a command some fifty times slower)
            base_count = instructions(base_cmd, base_env)
            for name in trees:
                results[name]["count_base"] = base_count
                results[name]["count"] = {loc: instructions(cmds[(name, loc)], envs[name]) for loc in LOCALES}

        answers_dir = os.path.join(tmp, "answers")
        subprocess.run([py, str(ROOT / "benchmarks" / "make_answers.py"), answers_dir, "--count", str(batch)],
                       check=True, stdout=subprocess.DEVNULL, env=base_env)
        batches: dict[str, list[float]] = {name: [] for name in trees}
        for n in range(batch_runs):  # the trees take turns, each round in the other order: load drifts
            for name in (list(trees) if n % 2 == 0 else list(trees)[::-1]):
                out_dir = os.path.join(tmp, f"out-{name}-{n}")
                batches[name].append(timed([py, "-m", "careplan", "batch", answers_dir, "-o", out_dir,
                                            "--date", DATE], envs[name], f"{name}-batch"))
                shutil.rmtree(out_dir)
        varied_dir = os.path.join(tmp, "varied")  # 60 of the batch's kind of answers, each once per locale
        subprocess.run([py, str(ROOT / "benchmarks" / "make_answers.py"), varied_dir, "--count", "60",
                        "--seed", "7"], check=True, stdout=subprocess.DEVNULL, env=base_env)
        warms: dict[str, dict[str, list[list[float]]]] = {name: {"warm": [], "varied": []} for name in trees}
        for n in range(batch_runs):  # the warm scripts too: one run each swung by a third with the load
            for name in (list(trees) if n % 2 == 0 else list(trees)[::-1]):
                for key, script, arg in (("warm", WARM, str(EXAMPLE)), ("varied", VARIED, varied_dir)):
                    out = subprocess.run([py, "-c", script, arg, *LOCALES], check=True, capture_output=True,
                                         text=True, env=envs[name]).stdout.split()
                    warms[name][key].append(list(map(float, out)))
        for name in trees:
            results[name]["batch"] = statistics.median(batches[name])
            results[name]["batch_all"] = batches[name]
            results[name]["batch_cpu"] = statistics.median(CPU[f"{name}-batch"])
            for key in ("warm", "varied"):
                runs_by_locale = zip(*warms[name][key], strict=True)
                results[name][key] = {loc: statistics.median(times) for loc, times in zip(LOCALES, runs_by_locale,
                                                                                          strict=True)}
    return results


def report(name: str, r: dict[str, Any], runs: int, batch: int) -> None:
    print(f"[{name}] cold, median of {runs} (caches primed)          " + "  ".join(f"{loc:>7}" for loc in LOCALES))
    print(f"python -c 'import reportlab.platypus'   {r['base']:7.0f} ms")
    print("careplan --answers FILE -o OUT.pdf      " + "  ".join(f"{r[loc]:4.0f} ms" for loc in LOCALES))
    print("  ratio to the import (goal <= 1.5x)    " + "  ".join(f"{r[loc] / r['base']:6.2f}x" for loc in LOCALES))
    print(f"CPU time (user + sys): import {r['cpu_base']:.0f} ms; careplan "
          + "  ".join(f"{r['cpu'][loc]:4.0f} ms" for loc in LOCALES) + "   ratio "
          + "  ".join(f"{r['cpu'][loc] / r['cpu_base']:.2f}x" for loc in LOCALES))
    if "count" in r:
        if r["count_base"] is None or None in r["count"].values():
            print("instructions (valgrind's callgrind): skipped, valgrind is not installed")
        else:
            print(f"instructions: import {r['count_base'] / 1e6:.0f} M; careplan "
                  + "  ".join(f"{r['count'][loc] / 1e6:4.0f} M" for loc in LOCALES) + "   ratio "
                  + "  ".join(f"{r['count'][loc] / r['count_base']:.2f}x" for loc in LOCALES))
    print(f"careplan plan --answers FILE            {r['plan']:7.0f} ms")
    print("render one handout in-process (warm)    "
          + "  ".join(f"{r['warm'][loc]:4.1f} ms" for loc in LOCALES) + "  (goal < 20 ms)")
    print("  the same, 50 different answers, each once " + "  ".join(f"{r['varied'][loc]:4.1f} ms" for loc in LOCALES))
    print("PDF size                                "
          + "  ".join(f"{r['size'][loc]:4.1f} KB" for loc in LOCALES) + "  (goal <= 40 KB)")
    print(f"careplan batch, {batch} files, {os.cpu_count()} cores   {r['batch']:7.1f} s  "
          f"= {batch / r['batch']:.0f} handouts/s  (goal 100/s); median of "
          + ", ".join(f"{t:.1f}" for t in r["batch_all"]) + f" s; CPU {r['batch_cpu']:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15, help="cold runs per command (at least 11)")
    parser.add_argument("--batch", type=int, default=200, help="answers files for the batch rate")
    parser.add_argument("--batch-runs", type=int, default=3,
                        help="batch and warm runs per checkout, the checkouts taking turns (medians reported)")
    parser.add_argument("--against", type=Path, help="another checkout to time in the same rounds")
    parser.add_argument("--instructions", action="store_true",
                        help="also count each cold command's instructions with valgrind (slow; load-independent)")
    parser.add_argument("--peer-python", default=sys.executable,
                        help="a Python with WeasyPrint, for the HTML peer (skipped when it has none)")
    args = parser.parse_args()
    runs = max(args.runs, 11)
    trees = {"this": ROOT}
    if args.against:
        trees = {"against": args.against.resolve(), **trees}
    results = measure(trees, runs, args.batch, args.batch_runs, args.instructions)
    for name, r in results.items():
        report(name if args.against else "this", r, runs, args.batch)
    # the peer a user would otherwise pick: the same text as HTML through WeasyPrint
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "peer_html.py"), "--python", args.peer_python,
                    "--runs", str(runs)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
