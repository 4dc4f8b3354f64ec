"""Input is read defensively, and translations cannot reach inside.

Each test feeds careplan something hostile or broken (a device, a FIFO, a
symlink to /dev/zero, huge or deep files, endless numbers, Python tags in a
template, format tricks in a catalog, a clinic block longer than a page) and
expects one line on stderr, exit 2 and no traceback, or a handout with the
English fallback. Anything that could hang or eat memory on a regression runs
in a subprocess with a timeout and an address-space limit.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from careplan import i18n, paths
from careplan.cli import main
from careplan.contract import clinic_config
from careplan.contract.answers import Clinic
from careplan.errors import CareplanError
from careplan.files import safeyaml
from careplan.i18n import catalogs as i18n_tools

from ..conftest import EXAMPLES, make_answers
from .helpers import DATE, ENV, EXAMPLE, pdf_text
from .helpers import command as careplan_command

TIMEOUT = 10  # seconds; a regression must fail, never hang CI
MEMORY = 1 << 30  # bytes of address space for a child; /dev/zero read whole would need more


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _child(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `python <args>` with a timeout and a memory cap; TimeoutExpired fails the test."""
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL, env={**os.environ, **(env or {})},
                          preexec_fn=_limit_memory)


def _careplan(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return _child(["-m", "careplan", *argv], env)


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _one_line_refusal(status: int, err: str, *needles: str) -> None:
    assert status == 2, err
    assert "Traceback" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("careplan: "), err
    for needle in needles:
        assert needle in lines[0], err


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    os.mkfifo(path)
    return path


# ---------------------------------------------------------------- answers: devices, FIFOs, size, depth


def test_dev_zero_as_answers_is_refused_not_read(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = _careplan("--answers", "/dev/zero", "-o", str(out))
    _one_line_refusal(result.returncode, result.stderr, "/dev/zero", "regular file")
    assert not out.exists()


@pytest.mark.parametrize("command", [[], ["plan"]])
def test_fifo_as_answers_is_refused_without_blocking(fifo: Path, tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "out.pdf"
    argv = [*command, "--answers", str(fifo)] + ([] if command else ["-o", str(out)])
    result = _careplan(*argv)  # nobody ever writes to the FIFO
    _one_line_refusal(result.returncode, result.stderr, str(fifo), "regular file")
    assert result.stdout == "" and not out.exists()


def test_a_folder_and_a_symlink_loop_are_one_line_errors(tmp_path: Path) -> None:
    status, _, err = _run(["plan", "--answers", str(tmp_path)])
    _one_line_refusal(status, err, "folder")
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    status, _, err = _run(["plan", "--answers", str(loop)])
    _one_line_refusal(status, err, str(loop))


def test_oversize_answers_are_refused_whatever_stat_says(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("notes: '" + "x" * (safeyaml.MAX_BYTES + 10) + "'\n")
    status, _, err = _run(["plan", "--answers", str(big)])
    _one_line_refusal(status, err, "too large", str(safeyaml.MAX_BYTES))
    # a file whose stat() says 0 (as /dev/zero and /proc files do) is still bounded by what is read
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: os.stat_result((*real_stat(p, *a, **k)[:6], 0, 0, 0, 0)))
    status, _, err = _run(["plan", "--answers", str(big)])
    _one_line_refusal(status, err, "too large")


def test_exactly_the_limit_is_read(tmp_path: Path) -> None:
    from careplan.files.readfile import read_bytes

    path = tmp_path / "f"
    path.write_bytes(b"a" * 100)
    assert read_bytes(path, 100) == b"a" * 100
    with pytest.raises(CareplanError, match="too large"):
        read_bytes(path, 99)


@pytest.mark.parametrize("text", [
    "[" * 50_000,  # flow YAML
    '{"a": ' * 30_000,  # JSON, under the size limit
    "".join(" " * i + "- \n" for i in range(40)),  # block YAML
], ids=["yaml-flow", "json", "yaml-block"])
def test_deep_answers_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    status, _, err = _run(["plan", "--answers", str(path)])
    _one_line_refusal(status, err, "nest")  # ours ("nested too deeply") or libyaml's ("nesting depth")


# ---------------------------------------------------------------- endless numbers


@pytest.mark.parametrize("literal", [
    "9" * 5000,
    "-" + "9" * 5000,
    "0x" + "f" * 5000,
    "1" + "_0" * 3000,
    "!!int '" + "9" * 5000 + "'",
], ids=["digits", "negative", "hex", "underscores", "tagged"])
def test_a_5000_digit_age_is_a_message_not_a_traceback(tmp_path: Path, literal: str) -> None:
    """Python refuses to turn ints of more than 4,300 digits into text; whatever the
    YAML makes of the literal (a number refused at parse, or text refused as an age),
    the answer is one short line that does not echo it."""
    path = tmp_path / "age.yaml"
    path.write_text(f"version: 1\nage: {literal}\n"
                    "locations: [lower_back]\nduration: under_1_week\nonset: gradual\nactivity: moderate\n")
    status, _, err = _run(["plan", "--answers", str(path)])
    _one_line_refusal(status, err, "age.yaml")
    assert len(err) < 300 and "9999999999" not in err and "ffffffffff" not in err, err


def test_a_5000_digit_number_in_json_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "age.json"
    path.write_text('{"version": 1, "age": ' + "9" * 5000 + "}")
    status, _, err = _run(["plan", "--answers", str(path)])
    _one_line_refusal(status, err, "age.json", "number")
    assert len(err) < 300, err


def test_long_digit_strings_that_are_text_are_still_text(tmp_path: Path) -> None:
    """Quoted digits are a string (a note, a phone number); only numbers are limited."""
    path = tmp_path / "a.yaml"
    path.write_text("phone: '" + "9" * 300 + "'\nnote: " + "9" * 15 + "\n")
    assert safeyaml.load_file(path) == {"phone": "9" * 300, "note": int("9" * 15)}


# ---------------------------------------------------------------- clinic.yaml: never a traceback, never a hang


def _config(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    path = tmp_path / "config" / "careplan" / "clinic.yaml"
    path.parent.mkdir(parents=True)
    return path, {"XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}


@pytest.mark.parametrize("kind", ["dev-zero-symlink", "fifo"])
def test_clinic_file_that_is_a_device_or_fifo_gives_defaults_and_a_warning(tmp_path: Path, kind: str) -> None:
    path, env = _config(tmp_path)
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    code = textwrap.dedent(f"""
        from pathlib import Path
        from careplan.contract import clinic_config
        defaults, problem = clinic_config.load(Path({str(path)!r}))
        assert defaults == clinic_config.ClinicDefaults(), defaults
        print(problem)
    """)
    result = _child(["-c", code])
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout and "regular file" in result.stdout
    # and the whole CLI: the warning, then its usual message (no terminal to ask in); no hang, no traceback
    result = _careplan("--clinician", "--ask-missing", "--answers", str(EXAMPLES / "sciatica.yaml"),
                       "-o", str(tmp_path / "out.pdf"), env=env)
    assert "Traceback" not in result.stderr and result.returncode == 2, result.stderr
    assert "the saved clinic details were not used" in result.stderr and "regular file" in result.stderr


@pytest.mark.parametrize("make,needle", [
    (lambda p: p.write_bytes(bytes(range(256)) * 8), "not UTF-8"),
    (lambda p: p.write_bytes("name: Cl\xednica\n".encode("latin-1")), "not UTF-8"),
    (lambda p: p.write_bytes(b"\x00\x01\x02name: x\n"), "not valid YAML"),
    (lambda p: p.mkdir(), "folder"),
    (lambda p: p.symlink_to(p.parent / "nowhere"), "no such file"),
    (lambda p: p.symlink_to(p), "cannot read"),
    (lambda p: p.write_text("name: !!python/object/apply:os.system [echo hi]\n"), "YAML tags"),
    (lambda p: p.write_text("follow_up_days: " + "9" * 5000 + "\n"), "number"),
    (lambda p: p.write_text("name: " + "9" * 5000 + "\n"), "number"),
    (lambda p: p.write_text("name: " + "[" * 100 + "]" * 100 + "\n"), "nested too deeply"),
    (lambda p: p.write_text("'\\e[31mred': 1\n"), "unknown key"),
    (lambda p: p.write_text("x" * (clinic_config.MAX_BYTES + 1)), "too large"),
    (lambda p: p.write_text('name: "Clinic\\0X"\n'), "without NUL characters"),
], ids=["binary", "latin-1", "control-bytes", "folder", "dangling-symlink", "symlink-loop", "python-tag",
        "huge-days", "huge-name", "deep", "escape-key", "oversize", "nul-escape"])
def test_broken_clinic_file_gives_defaults_and_a_one_line_warning(tmp_path: Path, make, needle: str) -> None:
    path, _ = _config(tmp_path)
    make(path)
    defaults, problem = clinic_config.load(path)
    assert defaults == clinic_config.ClinicDefaults()
    assert problem and needle in problem and str(path) in problem, problem
    assert "\n" not in problem and "\x1b" not in problem


def test_unreadable_clinic_file_gives_defaults_and_a_warning(tmp_path: Path, monkeypatch) -> None:
    path, _ = _config(tmp_path)
    path.write_text("name: Riverside\n")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything; make open() say what it says to everyone else
        real_open = os.open

        def denied(p, *a, **k):
            if Path(p) == path:
                raise PermissionError(13, "Permission denied", str(p))
            return real_open(p, *a, **k)

        monkeypatch.setattr(os, "open", denied)
    defaults, problem = clinic_config.load(path)
    assert defaults == clinic_config.ClinicDefaults()
    assert problem == f"{path}: permission denied"


def test_ordinary_clinic_file_still_loads(tmp_path: Path) -> None:
    path, _ = _config(tmp_path)
    path.write_text("name: Riverside Practice\nphone: '020 7946 0000'\nfollow_up_days: 14\n")
    expected = clinic_config.ClinicDefaults("Riverside Practice", "020 7946 0000", "", 14)
    assert clinic_config.load(path) == (expected, None)


# ---------------------------------------------------------------- templates: Python tags, FIFOs


@pytest.fixture
def templates_copy(tmp_path: Path, monkeypatch) -> Path:
    """A private copy of templates/ and locales/ that careplan uses instead of the real ones."""
    root = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), root)
    locales = tmp_path / "locales"
    # the .pot is generated (and git-ignored), never shipped: a checkout that made one must not change the test
    shutil.copytree(paths.locales_dir(), locales, ignore=shutil.ignore_patterns("*.pot"))
    monkeypatch.setattr(paths, "templates_dir", lambda: root)
    monkeypatch.setattr(paths, "locales_dir", lambda: locales)
    _skip_profile_grid(monkeypatch)
    return root


def _skip_profile_grid(monkeypatch) -> None:
    """careplan check walks a grid of profiles for many seconds; tests/test_content.py
    covers that, these tests only need the template and catalog checks."""
    from careplan.content import audit as coverage

    monkeypatch.setattr(coverage, "coverage_report", lambda content: [])


def _tag_tips(root: Path) -> int:
    """Put a !!python/object tag on the first tip's title; return its line."""
    path = root / "tips.yaml"
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("title:"))
    lines[at] = lines[at].replace("title:", "title: !!python/object/apply:os.system", 1)
    path.write_text("".join(lines))
    return at + 1


@pytest.mark.parametrize("argv", [["check"], ["i18n", "check"], ["i18n", "extract"]])
def test_python_tag_in_a_template_is_a_message_with_file_and_line(templates_copy: Path, argv: list[str]) -> None:
    line = _tag_tips(templates_copy)
    status, _, err = _run(argv)
    _one_line_refusal(status, err, "tips.yaml", f"line {line}", "python/object")
    assert not (paths.locales_dir() / "careplan.pot").exists()


_WITH_TEMPLATES = """
import sys
from pathlib import Path
from careplan.content import audit as coverage
from careplan import paths
coverage.coverage_report = lambda content: []  # the profile grid takes seconds and is tested elsewhere
from careplan.cli import main
root, locales = Path(sys.argv[1]), Path(sys.argv[2])
paths.templates_dir = lambda: root
paths.locales_dir = lambda: locales
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("argv", [["check"], ["i18n", "extract"]])
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_template_that_is_a_fifo_or_device_is_refused(templates_copy: Path, argv: list[str], kind: str) -> None:
    target = templates_copy / ("zz.yaml" if kind == "fifo" else "tips.yaml")
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.unlink()
        target.symlink_to("/dev/zero")
    result = _child(["-c", _WITH_TEMPLATES, str(templates_copy), str(paths.locales_dir()), *argv])
    _one_line_refusal(result.returncode, result.stderr, target.name, "regular file")


def test_a_catalog_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    locales = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), locales)
    po = locales / "es" / "LC_MESSAGES" / "careplan.po"
    po.unlink()
    os.mkfifo(po)
    code = _WITH_TEMPLATES
    result = _child(["-c", code, str(paths.templates_dir()), str(locales), "--answers",
                     str(EXAMPLES / "sciatica.yaml"), "--lang", "es", "-o", str(tmp_path / "es.pdf")])
    _one_line_refusal(result.returncode, result.stderr, "careplan.po", "regular file")
    assert not (tmp_path / "es.pdf").exists()


def test_control_characters_in_a_path_are_escaped_in_the_message(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b[2Jb\nc.yaml"
    status, _, err = _run(["plan", "--answers", str(name)])
    _one_line_refusal(status, err, "a\\x1b[2Jb\\nc.yaml", "no such file")
    assert "\x1b" not in err


# ---------------------------------------------------------------- translations that reach inside


def _catalog_with(tmp_path: Path, monkeypatch, translations: dict[str, str], loc: str = "es") -> Path:
    """A private copy of the locales with a few entries of one catalog changed; its path."""
    from babel.messages.pofile import read_po, write_po

    root = tmp_path / "locales"
    shutil.copytree(paths.locales_dir(), root)
    monkeypatch.setattr(paths, "locales_dir", lambda: root)
    path = i18n.catalog_path(loc)
    with path.open("rb") as fh:
        cat = read_po(fh, locale=loc)
    for msgid, msgstr in translations.items():
        cat[msgid].string = msgstr
    with path.open("wb") as fh:
        write_po(fh, cat)
    return path


BOX = "Call {number} now if you have:"
TRICKS = ["{number.__class__}", "{number.__class__.__mro__}", "{number[0]}", "{number!r}", "{number:>99}",
          "{number.nope}", "{number.__init__.__globals__}", "{}", "{0}", "{ number }", "{number", "number}",
          "%s", "%(number)s"]


@pytest.mark.parametrize("trick", TRICKS)
def test_a_catalog_entry_that_reaches_inside_is_not_used(tmp_path: Path, monkeypatch, trick: str) -> None:
    # {number} is kept too, so the older dropped-placeholder rule alone would let it through
    _catalog_with(tmp_path, monkeypatch, {BOX: f"Llame al {{number}} {trick} si tiene:"})
    assert i18n.translator("es").format(BOX, number="911") == "Call 911 now if you have:"


def test_every_catalog_trick_is_reported_with_file_and_line(tmp_path: Path, monkeypatch) -> None:
    """One catalog, one trick per entry (each on a message with a placeholder); one check run."""
    from babel.messages.pofile import read_po

    with i18n.catalog_path("es").open("rb") as fh:
        with_fields = [m for m in read_po(fh, locale="es")
                       if isinstance(m.id, str) and m.id != BOX and i18n.placeholders(m.id)]
    tricks = {BOX: f"Llame al {{number}} {TRICKS[0]} si tiene:"}
    for m, trick in zip(with_fields, TRICKS[1:], strict=False):  # more fields than tricks: the first few
        name = sorted(i18n.placeholders(m.id))[0][1:-1]
        tricks[m.id] = m.string + " " + trick.replace("number", name)
    path = _catalog_with(tmp_path, monkeypatch, tricks)
    _skip_profile_grid(monkeypatch)
    t = i18n.translator("es")
    for msgid in tricks:
        params = {p[1:-1]: "X" for p in i18n.placeholders(msgid)}
        assert t.format(msgid, **params) == i18n.fill(msgid, params), msgid
    report, ok = i18n_tools.check_catalogs(["es"], strict=False)
    assert not ok
    problems = [line for line in report.splitlines() if line.startswith(f"  problem: {path}:")]
    assert len(problems) == len(tricks), report
    assert all(re.match(rf"  problem: {re.escape(str(path))}:\d+: .*(not allowed|unknown)", p) for p in problems)
    for command in (["check"], ["i18n", "check", "es"]):
        status, out, _ = _run(command)
        assert status == 2 and sum(f"{path}:" in line for line in out.splitlines()) == len(tricks), out


def test_a_catalog_trick_never_reaches_the_handout(tmp_path: Path, monkeypatch) -> None:
    import pypdf

    _catalog_with(tmp_path, monkeypatch, {BOX: "Llame al {number} {number.__class__.__mro__} si tiene:",
                                          "Page {page} of {total}": "Página {page.nope} de {total}"})
    out = tmp_path / "es.pdf"
    status, _, err = _run(["--answers", str(EXAMPLES / "sciatica.yaml"), "--lang", "es", "-o", str(out)])
    assert status == 0, err
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(out).pages)
    assert "class" not in text and "nope" not in text
    assert "Call 911 now if you have:" in text and "Page 1 of" in text


def test_a_translated_error_message_cannot_reach_inside(tmp_path: Path, monkeypatch) -> None:
    exc = CareplanError("{path}: no such file", path="a.yaml")
    assert exc.render(lambda m: "{path.__class__.__mro__}: no existe {path}") == "a.yaml: no such file"
    assert exc.render(lambda m: "{path}: no existe") == "a.yaml: no existe"


def test_fill_substitutes_only_plain_names() -> None:
    assert i18n.fill("{a} {{a}} {a.real} {a!r} {a:>9} {a[0]} {", {"a": 7}) == "7 {a} {a.real} {a!r} {a:>9} {a[0]} {"
    with pytest.raises(KeyError):
        i18n.fill("{missing}", {})


# ---------------------------------------------------------------- safety-critical template strings


@pytest.mark.parametrize("old,new,field", [
    ('title: "Call {number} now"', 'title: "Call now"', "levels.emergency.title"),
    ('title: "Call {number} now"', 'title: "Call {number.__class__} now {number}"', "levels.emergency.title"),
    ("Call {number} now or take your child", "Call now or take your child", "levels.emergency.text.child"),
    ("before you start any exercises. {advice}", "before you start any exercises. {advice} {advice!r}",
     "levels.urgent.text.default"),
    ("Ask a parent or carer to help you. {advice}", "Ask a parent or carer to help you.", "levels.urgent.text.young"),
    ('title: "Call {number} now"', 'title: "Call {number} now {advice}"', "levels.emergency.title"),
    ("go to the nearest emergency department. Do not wait",
     "go to the nearest emergency department. {advice} Do not wait", "levels.emergency.text.default"),
], ids=["title-lost", "title-attribute", "child-text-lost", "urgent-conversion", "young-advice-lost",
        "title-unfilled", "emergency-text-unfilled"])
def test_a_template_that_loses_or_abuses_a_safety_placeholder_fails_check(templates_copy: Path, old: str,
                                                                           new: str, field: str) -> None:
    path = templates_copy / "safety.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    line = text.count("\n", 0, text.index(old)) + 1
    problems = i18n_tools.template_placeholder_problems(templates_copy)
    assert any(p.startswith(f"{path}:{line}: {field}:") for p in problems), problems
    # careplan check fails, by content validation (stderr) or by this report (stdout)
    status, out, err = _run(["check"])
    assert status == 2, out + err
    assert f"{path}:{line}: {field}:" in out or ("safety.yaml" in err and "Traceback" not in err), out + err


def test_shipped_templates_keep_their_safety_placeholders() -> None:
    assert i18n_tools.template_placeholder_problems() == []


# ---------------------------------------------------------------- long clinic fields on the handout


@pytest.mark.parametrize("clinic", [
    Clinic(name="A" * 500),
    Clinic(notes="x" * 500),
    Clinic(name="Ш" * 500, phone="9" * 500, clinician="W" * 500, follow_up=dt.date(2027, 1, 1), notes="m" * 500),
], ids=["name", "notes", "every-field"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
def test_long_unbreakable_clinic_fields_render(content, clinic: Clinic, paper: str, large: bool) -> None:
    from careplan.planning.planner import make_plan
    from careplan.render.handout import HandoutOptions, render_handout

    answers = make_answers(clinic=clinic, patient_name="P" * 500)
    plan = make_plan(answers, content, locale="en", region="GB")
    pdf = render_handout(answers, plan, content, HandoutOptions(paper=paper, large_print=large,
                                                                date=dt.date(2026, 11, 22)))
    assert pdf.startswith(b"%PDF")


def test_long_clinic_fields_from_an_answers_file(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load((EXAMPLES / "sciatica.yaml").read_text())
    data["clinic"] = {"name": "Ш" * 500, "phone": "9" * 500, "clinician": "W" * 500,
                      "follow_up": "2027-01-01", "notes": "m" * 500}
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    out = tmp_path / "long.pdf"
    status, _, err = _run(["--answers", str(path), "--large-print", "--paper", "letter", "-o", str(out)])
    assert status == 0, err
    assert out.read_bytes().startswith(b"%PDF")


def test_an_ordinary_clinic_block_is_still_one_framed_box(content) -> None:
    from careplan.render.blocks import Blocks
    from careplan.render.boxes import Box
    from careplan.render.sections.header import clinic_block
    from careplan.render.styles import make_styles

    b = Blocks(i18n.translator("en"), make_styles(True), content, 500)
    rows = [b.bold_lead("Clinic:", "Riverside Practice"), b.bold_lead("Notes:", "Walk daily.")]
    block = clinic_block(b, rows)
    assert len(block) == 1 and isinstance(block[0], Box)  # a box that fits: one framed flowable


def test_a_home_that_is_a_file_still_gives_a_handout(tmp_path: Path) -> None:
    """ReportLab runs ~/.reportlab_mods at import; with HOME set to a file that
    raised NotADirectoryError and failed every handout. careplan never runs it
    (a user's ReportLab changes must not change a handout), so the run works,
    with no cache (there is no home for one)."""
    home = tmp_path / "home-is-a-file"
    home.write_text("")
    env = {**ENV, "HOME": str(home)}
    env.pop("XDG_CACHE_HOME", None)
    done = subprocess.run(careplan_command("--answers", str(EXAMPLE), "-o", "h.pdf", "--date", DATE), cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Sam Taylor" in pdf_text(tmp_path / "h.pdf", pages=1)
