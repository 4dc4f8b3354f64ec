"""Answers files: every kind of bad input names the field and what is allowed."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careplan import records
from careplan.contract import answers as answers_mod
from careplan.contract import checks, fields
from careplan.errors import CareplanError
from careplan.files import safeyaml

from .conftest import EXAMPLES

BAD = Path(__file__).parent / "bad_answers"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "answers-and-plan.md"
EXPECT_OTHER = {"broken.json": "line 1: not valid JSON",
                "bare_value.json": "found a list or a single value",
                "empty_file.json": "the file holds no answers",
                "duplicate_key.json": "the key 'red_flags' is given twice",
                # JSON decodes "\ud800" to a lone surrogate: printed as nothing, and saved answers
                # holding one could not be read back (YAML refuses it)
                "lone_surrogate.json": "field 'patient_name' has the value text of 9 characters with a NUL "
                                       "character or a broken one; allowed: text of at most",
                # JSON's NaN and Infinity are floats to Python, but no number with a decimal point
                "nan_intensity.json": "field 'intensity' has the value not a number (NaN); "
                                      "allowed: a whole number from 0 to 10",
                "infinity_age.json": "field 'age' has the value infinity; allowed: a whole number from 1 to 120",
                "infinity_phone.json": "field 'clinic.phone' has the value minus infinity; allowed: text of at most"}


def _expected(path: Path) -> str:
    if path.name in EXPECT_OTHER:
        return EXPECT_OTHER[path.name]
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), path
    return first[len("# expect: "):]


@pytest.mark.parametrize("path", sorted(BAD.iterdir()), ids=lambda p: p.name)
def test_bad_answers_are_rejected_with_a_clear_message(path: Path) -> None:
    with pytest.raises(CareplanError) as info:
        answers_mod.load(path)
    message = str(info.value)
    assert _expected(path) in message
    assert str(path) in message
    assert "\n" not in message
    # a message never repeats a patient's words or a terminal escape from the file
    assert message.isprintable() and "Zebedee" not in message


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_byte_order_mark_is_allowed_in_json_as_in_yaml(tmp_path: Path, suffix: str) -> None:
    """Windows editors may start a UTF-8 file with a BOM; the answers are the same either way."""
    import json

    import yaml

    data = yaml.safe_load((EXAMPLES / "sciatica.yaml").read_text(encoding="utf-8"))
    text = json.dumps(data, default=str) if suffix == ".json" else yaml.safe_dump(data)
    plain, marked = tmp_path / f"plain{suffix}", tmp_path / f"marked{suffix}"
    plain.write_text(text, encoding="utf-8")
    marked.write_text(text, encoding="utf-8-sig")
    assert marked.read_bytes().startswith(b"\xef\xbb\xbf")
    assert answers_mod.load(marked) == answers_mod.load(plain) == answers_mod.load(EXAMPLES / "sciatica.yaml")


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_load(path: Path) -> None:
    a = answers_mod.load(path)
    assert a.locations


def test_defaults_follow_the_contract() -> None:
    a = answers_mod.from_mapping({"version": 1, "age": 42, "locations": ["lower_back"],
                                  "duration": "under_1_week", "onset": "sudden", "activity": "sedentary"})
    assert a.cause == "none_known" and a.radiation == () and a.numbness_or_tingling is False
    assert a.intensity is None and a.daily_activities == () and a.first_episode is True
    assert a.morning_stiffness is False and a.pregnancy == "none" and a.conditions == () and a.red_flags == ()


def test_json_answers_with_string_date(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"version": 1, "age": 30, "locations": ["neck"], "duration": "under_1_week",
                             "onset": "gradual", "activity": "active",
                             "clinic": {"name": "X", "follow_up": "2026-12-04"}}))
    a = answers_mod.load(f)
    assert a.clinic.follow_up == dt.date(2026, 12, 4)


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "big.yaml"
    f.write_text("version: 1\n" + "# padding\n" * 40000)
    with pytest.raises(CareplanError, match="too large"):
        answers_mod.load(f)


def test_missing_file() -> None:
    with pytest.raises(CareplanError, match="no such file"):
        answers_mod.load(Path("/nonexistent/answers.yaml"))


def test_region_is_normalised_to_capitals() -> None:
    a = answers_mod.from_mapping({"version": 1, "age": 30, "locations": ["neck"], "duration": "under_1_week",
                                  "onset": "gradual", "activity": "active", "region": "gb"})
    assert a.region == "GB"


def test_round_trip_through_dump_yaml(tmp_path: Path) -> None:
    original = answers_mod.load(EXAMPLES / "neck-office.yaml")
    f = tmp_path / "again.yaml"
    f.write_text(answers_mod.dump_yaml(original), encoding="utf-8")
    assert answers_mod.load(f) == original
    assert "patient_name" not in answers_mod.dump_yaml(original.replace(patient_name="Anna"), include_name=False)


@settings(max_examples=150)
@given(name=st.one_of(st.sampled_from(["09", "08001234567", "1.0e5", "true", "null", "~", "0x1F", "1_000", "Yes",
                                       "2026-12-04", "-", "' quoted", "a: b", "#hash", "[list]", ""]),
                      st.text(max_size=40)))
def test_saved_answers_read_back_the_same_whatever_the_text(name: str) -> None:
    """--save-answers writes a file careplan reads back to the same answers,
    whatever a name, phone number or note looks like."""
    name = name.replace("\x00", "")
    original = answers_mod.load(EXAMPLES / "neck-office.yaml")
    original = original.replace(patient_name=name or None, clinic=records.replace(
        original.clinic, phone=name, notes=name))
    assert answers_mod.from_mapping(safeyaml.loads(answers_mod.dump_yaml(original), "saved.yaml")) == original


@pytest.mark.parametrize("text, value", [
    ("region: NO", "NO"),            # Norway, not false
    ("age: 052", 52),                # decimal, never octal 42
    ("intensity: 08", 8),
    ("patient_name: on", "on"),      # text where text is expected
    ("patient_name: yes", "yes"),
    ("patient_name: 1:10", "1:10"),
])
def test_scalars_are_read_as_written(text: str, value) -> None:
    base = "version: 1\nage: 40\nlocations: [lower_back]\nduration: under_1_week\nonset: sudden\nactivity: moderate\n"
    if text.startswith("age"):
        base = base.replace("age: 40\n", "")
    data = safeyaml.loads(base + text + "\n", "x.yaml")
    key = text.split(":")[0]
    assert data[key] == value and type(data[key]) is type(value)
    assert getattr(answers_mod.from_mapping(data), key) == value


def test_a_key_given_twice_in_a_clinic_block_is_refused() -> None:
    text = "clinic:\n  name: A\n  name: B\n"
    with pytest.raises(CareplanError, match="given twice"):
        safeyaml.loads(text, "x.yaml")


def test_a_stray_control_character_names_its_line(tmp_path: Path) -> None:
    f = tmp_path / "bell.yaml"
    f.write_bytes(b"version: 1\nage: 40\nonset: \"\x07\"\n")
    with pytest.raises(CareplanError) as info:
        answers_mod.load(f)
    assert str(info.value) == f"{f}, line 3: not valid YAML: control characters are not allowed"


def test_the_field_table_is_the_answers_type() -> None:
    """fields.FIELDS is the one declaration: the dataclass, the validator and the saved file follow it."""
    assert [f.name for f in records.fields(answers_mod.Answers)] == [*fields.NAMES[1:], "version"]
    full = answers_mod.load(EXAMPLES / "neck-office.yaml")
    assert list(answers_mod.to_mapping(full)) == [n for n in fields.NAMES if n in answers_mod.to_mapping(full)]
    for f in fields.of_kind("select", "checkbox"):
        assert f.allowed and f.default in (None, (), *f.allowed), f.name
    defaults = {f.name: f.default for f in records.fields(answers_mod.Answers)}
    assert {n for n, d in defaults.items() if d is records.MISSING} == set(fields.REQUIRED) - {"version"}


def test_the_contract_document_lists_every_field_and_value() -> None:
    """docs/answers-and-plan.md is what outside tools read: it must name what the table accepts."""
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("```yaml", 1)[1].split("```", 1)[0]
    written = re.findall(r"^ *([a-z_]+):", block, flags=re.MULTILINE)
    assert [w for w in written if w in fields.NAMES] == list(fields.NAMES)
    assert [w for w in written if f"clinic.{w}" in fields.BY_NAME] == list(fields.CLINIC_KEYS)
    for f in fields.of_kind("select", "checkbox"):
        for value in f.allowed:
            assert f"`{value}`" in text or re.search(rf"\b{value}\b", block), (f.name, value)
    for f in fields.of_kind("number"):
        assert f"{f.low} to {f.high}" in block, f.name


@pytest.mark.parametrize("value, ok", [(1, True), (120, True), (0, False), (121, False), (True, False),
                                       (1.0, False), ("5", False), (None, False)])
def test_whole_numbers_are_whole_and_in_range(value: object, ok: bool) -> None:
    assert checks.is_whole_number(value, 1, 120) is ok


@pytest.mark.parametrize("text, code", [("gb", "GB"), (" us ", "US"), ("GBR", None), ("G1", None), ("", None),
                                        ("ÉS", None), ("ß", None), ("ﬀ", None), ("ǆ", None)])
def test_country_codes(text: str, code: str | None) -> None:
    assert checks.country_code(text) == code
    assert checks.is_country_code(text) is (code == text)


@pytest.mark.parametrize("text, value", [("7", 7), (" 10 ", 10), ("11", None), ("-1", None),
                                         ("1" * 4000, None), ("", None),
                                         # a person types the digits of their keyboard: Arabic-Indic,
                                         # Persian, full-width (Chinese input); never two scripts mixed
                                         # or a digit-like sign
                                         ("٣", 3), ("۱۰", 10), ("７", 7), ("1٠", None), ("²", None), ("⑦", None)])
def test_typed_whole_numbers(text: str, value: int | None) -> None:
    assert checks.whole_number_in(text, 0, 10) == value


def test_yaml_is_imported_without_compiling_the_pattern_only_its_python_reader_uses() -> None:
    """files/yamlimport.py: yaml's patterns (yaml.reader's of characters YAML may not hold the
    costliest) are compiled on first use; re.compile is itself again after the import; PyYAML's
    own loader still reads YAML 1.1's booleans, dates and hex; the pure-Python loader (used when
    libyaml is missing) still refuses a non-printable character, and the C loader too."""
    import subprocess
    import sys

    script = (
        "import re; compile_ = re.compile\n"
        "from careplan.files.yamlimport import yaml\n"
        "from careplan.files import yamlimport\n"
        "import yaml.reader\n"
        "assert re.compile is compile_\n"
        "assert type(yaml.reader.Reader.NON_PRINTABLE).__name__ == 'Later'\n"
        "assert yaml.reader.Reader.NON_PRINTABLE._pattern == yamlimport.NON_PRINTABLE\n"
        "import datetime\n"
        "assert yaml.safe_load('a: yes\\nb: 2001-12-14\\nc: 0x1A') == {'a': True, 'b': datetime.date(2001, 12, 14),"
        " 'c': 26}\n"
        "for loader in (yaml.SafeLoader, getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):\n"
        "    try:\n"
        "        yaml.load('age: \\x01', Loader=loader)\n"
        "    except yaml.YAMLError:\n"
        "        pass\n"
        "    else:\n"
        "        raise SystemExit('not refused by ' + loader.__name__)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_the_pattern_compiled_later_finds_what_the_pattern_finds(text: str) -> None:
    from careplan.files import yamlimport
    from careplan.lazyimport import Later

    later, now = Later(yamlimport.NON_PRINTABLE, 0), re.compile(yamlimport.NON_PRINTABLE)
    later = copy.copy(later) if len(text) % 2 else later  # a copy is a pattern too
    found, want = later.search(text), now.search(text)
    assert (found and (found.start(), found.group())) == (want and (want.start(), want.group()))
