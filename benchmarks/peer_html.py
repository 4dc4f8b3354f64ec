"""The peer: the same handout text as HTML, rendered to PDF by WeasyPrint.

Run: python benchmarks/peer_html.py [--python PYTHON] [--runs N]
Builds the HTML once from careplan's own plan and content (English, the
sciatica example: title, summary, positions, getting up, exercises, habits,
warning boxes, with each item's steps and dose), then times, with a Python
that has WeasyPrint (`--python`, default this one): a cold
`weasyprint.HTML(...).write_pdf()` in a fresh process, and a warm render in
one process. No pictures are drawn in the HTML, which favours the peer.
Skipped with a message when WeasyPrint is not installed: it is not one of
careplan's dependencies (it needs Pango), only the yardstick a user would
otherwise reach for.
"""

from __future__ import annotations

import argparse
import html
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

EXAMPLE = ROOT / "examples" / "sciatica.yaml"

CSS = """
@page { size: A4; margin: 18mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); } }
body { font-family: "PT Sans", sans-serif; font-size: 12pt; line-height: 1.35; }
h1 { font-size: 22pt; } h2 { font-size: 16pt; break-after: avoid; } h3 { font-size: 13pt; break-after: avoid; }
.box { border: 1pt solid #777; padding: 6pt; margin: 6pt 0; break-inside: avoid; }
.strong { border: 3pt double #000; background: #eee; }
.item { break-inside: avoid; border-bottom: 0.5pt solid #999; margin-bottom: 6pt; }
.dose { font-weight: bold; }
table { border-collapse: collapse; width: 100%; } td, th { border: 0.5pt solid #777; font-size: 10pt; padding: 2pt; }
"""


def build_html() -> str:
    """The handout's text as one HTML page, from careplan's plan and content (en)."""
    from careplan.content import loading
    from careplan.contract import answers as answers_mod
    from careplan.i18n import translator
    from careplan.planning.planner import make_plan
    from careplan.render.texts import dose_lines

    content = loading.load()
    a = answers_mod.load(EXAMPLE)
    plan = make_plan(a, content, locale="en", region=a.region)
    e = html.escape
    t = translator("en")
    out = ["<html><head><meta charset='utf-8'><style>", CSS, "</style></head><body>",
           "<h1>Your plan for back pain</h1>", "<div class='box strong'><h3>Your plan at a glance</h3>",
           f"<p>{e(content.safety.level_text[plan.triage.level].default)}</p></div>"]

    def items(title: str, chosen) -> None:
        out.append(f"<h2>{e(title)}</h2>")
        for c in chosen:
            item = content.item(c.id)
            steps = "".join(f"<li>{e(s)}</li>" for s in item.steps)
            out.append(f"<div class='item'><h3>{e(item.title)}</h3><ol>{steps}</ol>"
                       f"<p class='dose'>{e(' '.join(dose_lines(t, item)))}</p></div>")

    items("Right now: ease the pain", plan.positions)
    steps = "".join(f"<li>{e(s)}</li>" for s in content.safety.getting_up_steps.default)
    out.append(f"<div class='item'><h3>{e(content.safety.getting_up_title)}</h3><ol>{steps}</ol></div>")
    items("Your exercises", plan.exercises)
    out.append("<h2>Everyday habits</h2>")
    for tip in plan.tips:
        t = next(x for x in content.tips if x.id == tip.id)
        out.append(f"<h3>{e(t.title)}</h3><p>{e(t.text)}</p>")
    days = "".join(f"<th>Day {d}</th>" for d in range(1, 8))
    rows = "".join(f"<tr><td>{e(content.item(x.id).title)}</td>" + "<td></td>" * 7 + "</tr>" for x in plan.exercises)
    out.append(f"<h2>Your 7-day chart</h2><table><tr><th></th>{days}</tr>{rows}</table>")
    out.append("<h2>When to get help</h2><div class='box strong'><ul>")
    out += [f"<li>{e(content.safety.warning_signs.get(sign, sign))}</li>" for sign, _level in plan.warning_signs]
    out.append("</ul></div></body></html>")
    return "".join(out)


WARM = """
import statistics, sys, time, weasyprint
page = open(sys.argv[1], encoding="utf-8").read()
for _ in range(2):
    weasyprint.HTML(string=page).write_pdf()
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    pdf = weasyprint.HTML(string=page).write_pdf()
    times.append(time.perf_counter() - start)
print(statistics.median(times) * 1000, len(pdf) / 1024)
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", default=sys.executable, help="a Python with WeasyPrint installed")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    try:
        probe = subprocess.run([args.python, "-c", "import weasyprint; print(weasyprint.__version__)"],
                               capture_output=True, text=True)
    except OSError:  # no such Python
        probe = subprocess.CompletedProcess(args.python, 127, "", "")
    if probe.returncode:
        print("WeasyPrint is not installed for", args.python, "- peer skipped (pip install weasyprint, needs Pango)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "handout.html"
        page.write_text(build_html(), encoding="utf-8")
        cold = []
        for n in range(args.runs + 1):
            start = time.perf_counter()
            subprocess.run([args.python, "-c", "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1])"
                            ".write_pdf(sys.argv[2])", str(page), str(Path(tmp) / "out.pdf")], check=True)
            if n:  # the first run only fills the OS and font caches
                cold.append(time.perf_counter() - start)
        warm_ms, size_kb = map(float, subprocess.run([args.python, "-c", WARM, str(page), str(args.runs)],
                                                     check=True, capture_output=True, text=True).stdout.split())
    print(f"WeasyPrint {probe.stdout.strip()}: the same text as HTML (no pictures), median of {args.runs}")
    print(f"  cold, a fresh process   {statistics.median(cold) * 1000:7.0f} ms")
    print(f"  warm, in one process    {warm_ms:7.1f} ms")
    print(f"  PDF size                {size_kb:7.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
