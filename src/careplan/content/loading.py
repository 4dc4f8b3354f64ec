"""Load the content: read templates/*.yaml, check every field, build the model.

Validation happens once, here, so the planner and the renderer can trust
what they are given; every error names the file, the line and the field,
because the people who fix them are content authors, not programmers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeVar

from careplan import paths
from careplan.content.loader import LineDict, LineList, read_yaml
from careplan.content.model import (
    READER_KINDS,
    Content,
    Dose,
    Item,
    Region,
    Safety,
    Tip,
    Variants,
    WaitLine,
)
from careplan.content.pictures import EXTRA_PICTURES, Pictures
from careplan.content.validate import Check
from careplan.contract import vocab
from careplan.contract.checks import is_country_code
from careplan.errors import N_, CareplanError
from careplan.planning.triage import REASONS, SIGNS

ITEM_KEYS = ("id", "posture", "spinal_flexion", "locations", "title", "steps", "dose", "stop",
             "picture", "priority", "suits_when", "prefer_when", "exclude_when", "source")
ITEM_REQUIRED = ("id", "posture", "locations", "title", "steps", "picture", "priority", "source")
EXERCISE_REQUIRED = (*ITEM_REQUIRED, "spinal_flexion", "dose")
TIP_KEYS = ("id", "audience", "title", "text", "priority", "suits_when", "exclude_when", "source")
TIP_REQUIRED = ("id", "audience", "title", "text", "priority", "source")
TIP_AUDIENCES = ("adult", "child", "all")
DOSE_KEYS = ("repeat", "hold_seconds", "minutes", "seconds", "times_a_day")
SAFETY_KEYS = ("levels", "today", "follow_up", "reader_line", "same_day_pregnancy", "reasons", "warning_signs",
               "while_waiting", "getting_up", "medicines", "stop_rule", "disclaimer")
MAX_PRIORITY = 1000
MAX_DOSE = 600
NUMBER_RE = re.compile(r"[0-9]{2,6}")  # an ambulance number: digits only, written in quotes

T = TypeVar("T")


def load(root: Path | None = None, *, all_pictures: bool = False) -> Content:
    """Load and validate every content file under templates/ (pictures: see pictures.Pictures)."""
    root = root or paths.templates_dir()
    seen: dict[str, int] = {}
    positions = _items(root / "positions.yaml", "position", seen)
    exercises = _items(root / "exercises.yaml", "exercise", seen)
    numbers = _numbers(root / "emergency_numbers.yaml")
    regions, fallback_urgent, letter = _regions(root / "regions.yaml", numbers)
    tips = _tips(root / "tips.yaml")
    safety = _safety(root / "safety.yaml")
    pictures = Pictures(_picture_files(root, (*positions, *exercises)))
    if all_pictures:
        for name in pictures:
            pictures[name]  # parse and validate now
    return Content(
        positions=positions,
        exercises=exercises,
        tips=tips,
        safety=safety,
        regions=regions,
        fallback_urgent=fallback_urgent,
        letter_regions=letter,
        numbers=numbers,
        pictures=pictures,
    )


def _picture_files(root: Path, items: tuple[Item, ...]) -> dict[str, Path]:
    """Every picture an item names must have its file; pictures are read later, when drawn."""
    files: dict[str, Path] = {}
    for it in items:
        pic_path = root / "pictures" / f"{it.picture}.yaml"
        if not pic_path.exists():
            raise CareplanError(
                N_("{path}, line {line}: {where}: the picture '{picture}' has no file {file}"),
                path=str(root / f"{it.kind}s.yaml"), line=it.line, where=it.id,
                picture=it.picture, file=str(pic_path),
            )
        files[it.picture] = pic_path
    for name in EXTRA_PICTURES:  # pictures for steps that are no position or exercise (getting up)
        files[name] = root / "pictures" / f"{name}.yaml"
    return files


def _items(path: Path, kind: str, seen: dict[str, int]) -> tuple[Item, ...]:
    """Positions or exercises; ids are unique across both files (`seen`)."""
    ck = Check(path)
    top_key = kind + "s"
    doc = ck.mapping(read_yaml(path), 1, "file", (top_key,), (top_key,))
    raw = ck.sequence(doc[top_key], doc.line_of(top_key), top_key, "expected a list of items")
    required = EXERCISE_REQUIRED if kind == "exercise" else ITEM_REQUIRED
    items = []
    for i, value in enumerate(raw):
        where = f"{top_key}[{i}]"
        d = ck.mapping(value, raw.lines[i], where, ITEM_KEYS, required)
        item_id = ck.identifier(d, where, seen)
        where = f"{top_key}[{i}] ({item_id})"
        dose = _dose(ck, d, where, exercise=kind == "exercise")
        items.append(Item(
            kind=kind,
            id=item_id,
            posture=ck.choice(d, "posture", where, vocab.POSTURES),
            spinal_flexion=(ck.choice(d, "spinal_flexion", where, vocab.SPINAL_FLEXION)
                            if kind == "exercise" else "none"),
            locations=ck.choices(d, "locations", where, vocab.LOCATIONS),
            title=ck.text(d, "title", where),
            steps=ck.texts(d, "steps", where),
            dose=dose,
            stop=ck.text(d, "stop", where, required=False),
            picture=ck.text(d, "picture", where),
            priority=ck.integer(d, "priority", where, 0, MAX_PRIORITY),
            source=ck.text(d, "source", where),
            suits_when=ck.conditions(d, "suits_when", where),
            prefer_when=ck.conditions(d, "prefer_when", where),
            exclude_when=ck.conditions(d, "exclude_when", where),
            line=d.line,
        ))
    return tuple(items)


def _dose(ck: Check, d: LineDict, where: str, *, exercise: bool) -> Dose:
    """An item's dose; an exercise needs how often and how much."""
    if "dose" not in d:
        return Dose()
    dd = ck.mapping(d["dose"], d.line_of("dose"), f"{where}.dose", DOSE_KEYS)
    dose = Dose(**{k: ck.integer(dd, k, f"{where}.dose", 1, MAX_DOSE) for k in dd})
    if exercise and not ((dose.repeat or dose.minutes or dose.seconds) and dose.times_a_day):
        raise ck.fail(d.line_of("dose"), f"{where}.dose",
                      "an exercise dose needs times_a_day and one of repeat, minutes, seconds")
    return dose


def _tips(path: Path) -> tuple[Tip, ...]:
    ck = Check(path)
    doc = ck.mapping(read_yaml(path), 1, "file", ("tips",), ("tips",))
    raw = doc["tips"]
    if not isinstance(raw, LineList):  # an empty list is fine: no tips
        raise ck.fail(doc.line_of("tips"), "tips", "expected a list of items")
    seen: dict[str, int] = {}
    tips = []
    for i, value in enumerate(raw):
        where = f"tips[{i}]"
        d = ck.mapping(value, raw.lines[i], where, TIP_KEYS, TIP_REQUIRED)
        tip_id = ck.identifier(d, where, seen)
        where = f"tips[{i}] ({tip_id})"
        tips.append(Tip(
            id=tip_id,
            audience=ck.choice(d, "audience", where, TIP_AUDIENCES),
            title=ck.text(d, "title", where),
            text=ck.text(d, "text", where),
            priority=ck.integer(d, "priority", where, 0, MAX_PRIORITY),
            source=ck.text(d, "source", where),
            suits_when=ck.conditions(d, "suits_when", where),
            exclude_when=ck.conditions(d, "exclude_when", where),
        ))
    return tuple(tips)


def _variants(ck: Check, d: LineDict, key: str, where: str, read: Callable[[LineDict, str, str], T],
              required: tuple[str, ...] = ()) -> Variants[T]:
    """One wording (read with `read`) or a mapping of wordings by reader (READER_KINDS)."""
    value = d.get(key)
    if isinstance(value, dict):
        allowed = ("default", *READER_KINDS)
        m = ck.mapping(value, d.line_of(key), f"{where}.{key}", allowed, ("default", *required))
        return Variants(read(m, "default", f"{where}.{key}"),
                        {k: read(m, k, f"{where}.{key}") for k in READER_KINDS if k in m})
    if required:
        raise ck.fail(d.line_of(key), f"{where}.{key}", "needs wording for: {k}", k=", ".join(required))
    return Variants(read(d, key, where))


def _placeholders(ck: Check, d: LineDict, where: str, texts: tuple[str, ...], needed: str) -> None:
    """Every reader's wording keeps the placeholder, so no reader loses the number or the advice."""
    for text in texts:
        if needed not in text:
            raise ck.fail(d.line, where, "every wording must contain the placeholder {p}", p=needed)


def _safety(path: Path) -> Safety:
    ck = Check(path)
    doc = ck.mapping(read_yaml(path), 1, "file", SAFETY_KEYS, SAFETY_KEYS)
    levels = ck.mapping(doc["levels"], doc.line_of("levels"), "levels", vocab.LEVELS, vocab.LEVELS)
    titles: dict[str, Variants[str]] = {}
    texts: dict[str, Variants[str]] = {}
    for lvl in vocab.LEVELS:
        d = ck.mapping(levels[lvl], levels.line_of(lvl), f"levels.{lvl}", ("title", "text"), ("title", "text"))
        titles[lvl] = _variants(ck, d, "title", f"levels.{lvl}", ck.text)
        texts[lvl] = _variants(ck, d, "text", f"levels.{lvl}", ck.text)
    # the emergency number and the same-day advice must reach every reader
    _placeholders(ck, levels["emergency"], "levels.emergency.title", titles["emergency"].all(), "{number}")
    _placeholders(ck, levels["emergency"], "levels.emergency.text", texts["emergency"].all(), "{number}")
    urgent_texts = tuple(v for k, v in [("default", texts["urgent"].default), *texts["urgent"].special.items()]
                         if k != "pregnancy")
    _placeholders(ck, levels["urgent"], "levels.urgent.text", urgent_texts, "{advice}")
    today_keys = ("self_care", "soon", "urgent")
    today = ck.mapping(doc["today"], doc.line_of("today"), "today", today_keys, today_keys)
    fu_keys = ("soon_within_days", "title", "text", "today")
    follow = ck.mapping(doc["follow_up"], doc.line_of("follow_up"), "follow_up", fu_keys, fu_keys)
    _placeholders(ck, follow, "follow_up.title", (ck.text(follow, "title", "follow_up"),), "{date}")
    reader_keys = ("child", "young")
    readers = ck.mapping(doc["reader_line"], doc.line_of("reader_line"), "reader_line", reader_keys, reader_keys)
    reasons = ck.mapping(doc["reasons"], doc.line_of("reasons"), "reasons", REASONS, REASONS)
    sign_ids = tuple(s.id for s in SIGNS)
    # Words only: a `level:` here is refused as an unknown key, so content can
    # never print a sign at a level the triage table does not give it.
    signs = ck.mapping(doc["warning_signs"], doc.line_of("warning_signs"), "warning_signs", sign_ids, sign_ids)
    while_waiting = _while_waiting(ck, doc)
    gu = ck.mapping(doc["getting_up"], doc.line_of("getting_up"), "getting_up", ("title", "steps"), ("title", "steps"))
    return Safety(
        level_title=titles, level_text=texts,
        today={k: _variants(ck, today, k, "today", ck.text) for k in today_keys},
        reader_line={k: ck.text(readers, k, "reader_line") for k in reader_keys},
        follow_up_soon_days=ck.integer(follow, "soon_within_days", "follow_up", 0, 7),
        follow_up_title=ck.text(follow, "title", "follow_up"),
        follow_up_text=ck.text(follow, "text", "follow_up"),
        follow_up_today=_variants(ck, follow, "today", "follow_up", ck.text),
        same_day_pregnancy=ck.text(doc, "same_day_pregnancy", "file"),
        reasons={k: ck.text(reasons, k, "reasons") for k in REASONS},
        warning_signs={k: ck.text(signs, k, "warning_signs") for k in sign_ids},
        while_waiting=while_waiting,
        getting_up_title=ck.text(gu, "title", "getting_up"),
        getting_up_steps=_variants(ck, gu, "steps", "getting_up", ck.texts),
        medicines=_variants(ck, doc, "medicines", "file", ck.text, required=("child",)),
        stop_rule=ck.text(doc, "stop_rule", "file"),
        disclaimer=_variants(ck, doc, "disclaimer", "file", ck.text, required=("child",)),
    )


def _while_waiting(ck: Check, doc: LineDict) -> tuple[WaitLine, ...]:
    """The lines under "while you wait for help", each with its source."""
    waiting = ck.sequence(doc["while_waiting"], doc.line_of("while_waiting"), "while_waiting",
                          "expected a list of lines, each with text and source")
    out = []
    for i, value in enumerate(waiting):
        wh = f"while_waiting[{i}]"
        w = ck.mapping(value, waiting.lines[i], wh, ("text", "source", "only_when"), ("text", "source"))
        out.append(WaitLine(_variants(ck, w, "text", wh, ck.text), ck.text(w, "source", wh),
                            ck.conditions(w, "only_when", wh)))
    return tuple(out)


def _numbers(path: Path) -> dict[str, tuple[str, str]]:
    """The ambulance number of every country, each with its source."""
    ck = Check(path)
    doc = ck.mapping(read_yaml(path), 1, "file", ("numbers",), ("numbers",))
    table = doc["numbers"]
    if not isinstance(table, LineDict) or not table:
        raise ck.fail(doc.line_of("numbers"), "numbers", "expected a mapping of country codes")
    out = {}
    for code, value in table.items():
        if not isinstance(code, str) or not is_country_code(code):
            raise ck.fail(table.line_of(code), "numbers", "{c!r} is not a two-letter country code in capitals", c=code)
        d = ck.mapping(value, table.line_of(code), f"numbers.{code}", ("emergency", "source"), ("emergency", "source"))
        number = d["emergency"]
        if not isinstance(number, str) or not NUMBER_RE.fullmatch(number):
            raise ck.fail(d.line_of("emergency"), f"numbers.{code}.emergency",
                          "expected a phone number in quotes, such as \"112\", found {v!r}", v=number)
        out[code] = (number, ck.text(d, "source", f"numbers.{code}"))
    return out


def _regions(path: Path, numbers: Mapping[str, tuple[str, str]]) -> tuple[dict[str, Region], str, tuple[str, ...]]:
    """Same-day care advice by country, the fallback advice, and the Letter-paper countries."""
    ck = Check(path)
    keys = ("letter_regions", "fallback", "regions")
    doc = ck.mapping(read_yaml(path), 1, "file", keys, keys)
    letter = doc["letter_regions"]
    if not isinstance(letter, list) or not all(isinstance(c, str) and c in numbers for c in letter):
        raise ck.fail(doc.line_of("letter_regions"), "letter_regions", "expected a list of known country codes")
    letter_t = tuple(letter)
    fallback = ck.mapping(doc["fallback"], doc.line_of("fallback"), "fallback", ("urgent",), ("urgent",))
    regs = ck.mapping(doc["regions"], doc.line_of("regions"), "regions", tuple(doc["regions"] or ()))
    out = {}
    for code in regs:
        if code not in numbers:
            raise ck.fail(regs.line_of(code), "regions", "{c!r} is not a country code listed in emergency_numbers.yaml",
                          c=code)
        where = f"regions.{code}"
        d = ck.mapping(regs[code], regs.line_of(code), where, ("urgent", "source"), ("urgent", "source"))
        number, number_source = numbers[code]
        out[code] = Region(code, number, ck.text(d, "urgent", where), "letter" if code in letter_t else "a4",
                           f"{number_source}; {ck.text(d, 'source', where)}")
    return out, ck.text(fallback, "urgent", "fallback"), letter_t
