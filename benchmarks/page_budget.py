"""What it would take to print the example handouts on 4 pages at normal size.

Run: python benchmarks/page_budget.py [--orders] [--lang LL ...]

For each self-care example, language and paper it renders the handout as
planned and with less in it: only the first two resting positions, only the
first two exercises, and both. With --orders it also tries every order of the
exercises and of the positions (the fewest pages any order gives). It prints
each case and then how many handouts take 4, 5 and 6 pages each way. The
numbers are behind the page-count decision in docs/pemat.md; nothing here
changes what careplan prints.
"""

from __future__ import annotations

import argparse
import io
import itertools
import sys
from collections import Counter
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from page_fill import DATE, EXAMPLES, LANGS  # noqa: E402

from careplan import records  # noqa: E402
from careplan.content import loading as content_mod  # noqa: E402
from careplan.contract import answers as answers_mod  # noqa: E402
from careplan.planning.planner import Plan, make_plan  # noqa: E402
from careplan.render.handout import HandoutOptions, render_handout  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lang", action="append", help="only these languages (default: every shipped one)")
    ap.add_argument("--orders", action="store_true", help="also try every order of exercises and positions")
    args = ap.parse_args()
    content = content_mod.load()
    totals: dict[str, Counter[int]] = {}
    for name in EXAMPLES:
        a = answers_mod.load(ROOT / "examples" / name)
        for lang in args.lang or LANGS:
            plan = make_plan(a, content, locale=lang, region=a.region)
            for paper in ("a4", "letter"):
                options = HandoutOptions(date=DATE, paper=paper)

                def pages(p: Plan, a=a, options=options) -> int:  # bound now, not late
                    return len(pypdf.PdfReader(io.BytesIO(render_handout(a, p, content, options))).pages)

                ways = {
                    "as planned": pages(plan),
                    "2 positions": pages(records.replace(plan, positions=plan.positions[:2])),
                    "2 exercises": pages(records.replace(plan, exercises=plan.exercises[:2])),
                    "2 and 2": pages(records.replace(plan, positions=plan.positions[:2],
                                                         exercises=plan.exercises[:2])),
                }
                if args.orders:
                    ways["best order"] = min(
                        pages(records.replace(plan, exercises=tuple(e), positions=tuple(p)))
                        for e in itertools.permutations(plan.exercises)
                        for p in itertools.permutations(plan.positions))
                print(f"{name:26} {lang} {paper:6} " + "  ".join(f"{k}: {v}" for k, v in ways.items()), flush=True)
                for way, n in ways.items():
                    totals.setdefault(way, Counter())[n] += 1
    print()
    for way, counts in totals.items():
        print(f"{way:12} " + ", ".join(f"{n} pages: {counts[n]}" for n in sorted(counts)))


if __name__ == "__main__":
    main()
