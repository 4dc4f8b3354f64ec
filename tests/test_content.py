"""Content templates: they load, cover every profile, and bad edits are caught
with the file, the line and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careplan import paths
from careplan.content import loading as content_mod
from careplan.content.loader import LineDict, LineList, parse_yaml
from careplan.errors import CareplanError
from careplan.files import safeyaml

SEED_IDS = {"supine_knees_supported", "prone_pillow_under_pelvis", "side_lying_pillow_between_knees",
            "knees_to_chest", "knee_rocking", "rocking_on_back"}


def test_content_loads_with_the_seed_core_ids(content) -> None:
    ids = {i.id for i in (*content.positions, *content.exercises)}
    assert ids >= SEED_IDS
    assert len(content.exercises) >= 12


def test_every_profile_gets_a_full_plan_and_every_item_is_reachable(audit) -> None:
    """coverage_report over the shipped content finds nothing (run once per session: conftest's audit)."""
    assert list(audit.problems) == []
    assert audit.plans  # the grid was walked


@pytest.mark.parametrize("code,number,paper", [
    ("GB", "999", "a4"), ("US", "911", "letter"), ("DE", "112", "a4"), ("ES", "112", "a4"), ("RU", "103", "a4"),
    ("CO", "123", "letter"), ("JP", "119", "a4"), ("NZ", "111", "a4"), ("CN", "120", "a4"), ("BR", "192", "a4"),
    ("CH", "144", "a4"), ("NO", "113", "a4"), ("AU", "000", "a4"), ("FR", "15", "a4"),
])
def test_region_facts(content, code, number, paper) -> None:
    region = content.region(code)
    assert region.emergency == number and region.paper == paper
    assert content.is_country(code)


@pytest.mark.parametrize("code,words", [("EG", "nearest hospital"), ("CN", "hospital outpatient clinic")])
def test_same_day_advice_names_a_service_that_exists_there(content, code, words) -> None:
    """Egypt and China have no urgent care clinics: the generic fallback would name a service that is not there."""
    region = content.region(code)
    assert region.listed and words in region.urgent and len(region.source) > 10
    assert region.urgent != content.region("ZZ").urgent


@pytest.mark.parametrize("code", ["ZZ", "XQ", "EU", "UN", None])
def test_no_country_means_no_number_is_guessed(content, code) -> None:
    region = content.region(code)
    assert region.emergency is None and region.number == "________"
    if code:
        assert not content.is_country(code)


def test_every_country_has_an_ambulance_number_with_a_source(content) -> None:
    """Every ISO 3166 country babel knows resolves to a number and a source."""
    from babel import Locale

    # CLDR's groupings, placeholders and non-ISO codes (Ascension, Clipperton, Diego Garcia, ...)
    not_iso = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"}
    countries = {c for c in Locale.parse("en").territories if len(c) == 2 and c.isalpha()} - not_iso
    assert countries <= set(content.numbers), sorted(countries - set(content.numbers))
    for code, (number, source) in content.numbers.items():
        assert number.isdigit() and 2 <= len(number) <= 6, code
        assert len(source) > 10, code
        assert content.region(code).emergency == number


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), copy)
    return copy


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in text)


@pytest.mark.parametrize("file,old,new,expected", [
    ("exercises.yaml", "posture: hands_and_knees", "posture: upside_down", "'upside_down' is not allowed"),
    ("exercises.yaml", "    title: Chin tucks", "    title: Chin tucks\n    colour: red", "unknown key 'colour'"),
    ("exercises.yaml", "  - id: neck_turns", "  - id: chin_tucks", "duplicate id 'chin_tucks'"),
    ("exercises.yaml", "    picture: walking", "    picture: no_such_picture", "the picture 'no_such_picture'"),
    ("exercises.yaml", "      - {pregnancy: [second_trimester, third_trimester]}",
     "      - {pregnancy: [fourth_trimester]}", "'fourth_trimester' is not allowed"),
    ("exercises.yaml", "    dose: {repeat: 10, times_a_day: 3}", "    dose: {repeat: 10}", "needs times_a_day"),
    ("tips.yaml", "    audience: child", "    audience: pets", "'pets' is not allowed"),
    ("tips.yaml", "    title: Keep moving", "    title: ''", "the required key 'title' is missing"),
    ("positions.yaml", "    title: On your front, pillow under your hips",
     "    title: <b>On your front</b>", "markup (< or >) is not allowed"),
    ("emergency_numbers.yaml", 'GB: {emergency: "999"', "GB: {emergency: 999", "expected a phone number in quotes"),
    ("regions.yaml", "  GB:\n", "  XQ:\n", "'XQ' is not a country code"),
    ("safety.yaml", "  fever: Fever, chills", "  feverish: Fever, chills", "unknown key 'feverish'"),
    # a sign's level lives in the triage table only: content that states one is refused
    ("safety.yaml", "  pain_stops_daily_life: Pain so strong",
     "  pain_stops_daily_life:\n    level: soon\n    text: Pain so strong", "warning_signs.pain_stops_daily_life"),
    ("safety.yaml", "Call {number} now or take", "Call now or take", "must contain the placeholder {number}"),
    ("safety.yaml", "Call {number} now or go", "Call now or go", "must contain the placeholder {number}"),
])
def test_bad_content_names_file_line_and_field(templates: Path, file, old, new, expected) -> None:
    path = templates / file
    _break(path, old, new)
    with pytest.raises(CareplanError) as info:
        content_mod.load(templates, all_pictures=True)
    message = str(info.value)
    assert expected in message
    assert message.startswith(f"{path}, line "), message


def test_error_line_number_points_at_the_bad_line(templates: Path) -> None:
    path = templates / "exercises.yaml"
    _break(path, "posture: hands_and_knees", "posture: upside_down")
    with pytest.raises(CareplanError) as info:
        content_mod.load(templates, all_pictures=True)
    assert f"line {_line_of(path, 'upside_down')}:" in str(info.value)


def test_bad_picture_is_caught(templates: Path) -> None:
    pic = templates / "pictures" / "walking.yaml"
    pic.write_text("size: [120, 60]\nshapes:\n  - circle: [500, 10, 5]\n", encoding="utf-8")
    with pytest.raises(CareplanError, match="outside the canvas"):
        content_mod.load(templates, all_pictures=True)


def test_yaml_syntax_error_names_line(templates: Path) -> None:
    (templates / "tips.yaml").write_text("tips:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(CareplanError, match=r"tips.yaml, line \d+: not valid YAML"):
        content_mod.load(templates, all_pictures=True)


@pytest.mark.parametrize("new,expected", [
    ("      - {intensity_min: 11}", "intensity_min: expected a whole number from 0 to 10, found 11"),
    ("      - {intensity_min: true}", "intensity_min: expected a whole number from 0 to 10, found True"),
    ("      - {age_min: 121}", "age_min: expected a whole number from 1 to 120, found 121"),
])
def test_condition_numbers_take_the_ranges_of_the_answers(templates: Path, new: str, expected: str) -> None:
    """A bound no answer can reach is a mistake: the ranges are the contract's own."""
    path = templates / "exercises.yaml"
    _break(path, "      - {intensity_min: 7}", new)
    with pytest.raises(CareplanError) as info:
        content_mod.load(templates)
    message = str(info.value)
    assert message.startswith(f"{path}, line {_line_of(path, new.strip())}: "), message
    assert message.endswith(f"(rocking_on_back).exclude_when[1].{expected}"), message


def test_tips_must_be_a_list(templates: Path) -> None:
    path = templates / "tips.yaml"
    path.write_text("tips: {stay_active: yes}\n", encoding="utf-8")
    with pytest.raises(CareplanError) as info:
        content_mod.load(templates)
    assert str(info.value) == f"{path}, line 1: tips: expected a list of items"


def test_yaml_keeps_the_line_of_every_key_and_item() -> None:
    doc = parse_yaml("# a comment\nitems:\n  - one\n  - {id: two}\nlast: 3\n", "t.yaml")
    assert isinstance(doc, LineDict) and isinstance(doc["items"], LineList)
    assert (doc.line_of("items"), doc.line_of("last"), doc.line_of("absent")) == (2, 5, doc.line)
    assert doc["items"].lines == [3, 4] and doc["items"][1].line_of("id") == 4


def test_a_key_given_twice_is_refused_with_its_line() -> None:
    with pytest.raises(CareplanError) as info:
        parse_yaml("id: a\ntitle: x\nid: b\n", "t.yaml")
    assert str(info.value) == "t.yaml, line 3: the key 'id' appears twice"


@pytest.mark.parametrize("text", ["tips:\n  - id: [unclosed\n", "a: 1\n b: 2\n", "a: \"\\x\"\n"])
def test_yaml_errors_read_as_for_answers_files(text: str) -> None:
    """One wording for "not valid YAML", whoever wrote the file."""
    with pytest.raises(CareplanError) as content_error:
        parse_yaml(text, "t.yaml")
    with pytest.raises(CareplanError) as answers_error:
        safeyaml.loads(text, "t.yaml")
    assert "not valid YAML" in str(content_error.value)
    assert str(content_error.value) == str(answers_error.value)


def test_content_imports_nothing_that_reads_it() -> None:
    """Content is read by i18n, the questionnaire, delivery and the CLI, never the other way
    round (imports inside functions count: they are cycles all the same)."""
    import ast

    readers = ("careplan.i18n", "careplan.questionnaire", "careplan.delivery", "careplan.cli")
    folder = Path(paths.__file__).parent / "content"
    for module in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(readers), f"{module.name} imports {name}"
