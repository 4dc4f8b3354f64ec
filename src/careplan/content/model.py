"""Content as data: load templates/*.yaml, validate everything, return typed items.

Errors name the file, the line and the field, because the people who fix
them are content authors, not programmers. Validation happens once, at load.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from careplan import paths
from careplan.content import conditions as cond
from careplan.content.pictures import EXTRA_PICTURES, Picture, load_picture
from careplan.contract import vocab
from careplan.errors import N_, CareplanError
from careplan.files import safeyaml
from careplan.planning.triage import REASONS, SIGNS

# ---------------------------------------------------------------- typed content


@dataclass(frozen=True)
class Dose:
    repeat: int | None = None
    hold_seconds: int | None = None
    minutes: int | None = None
    seconds: int | None = None
    times_a_day: int | None = None


@dataclass(frozen=True)
class Item:
    """A resting position or an exercise."""

    kind: str  # "position" or "exercise"
    id: str
    posture: str
    spinal_flexion: str
    locations: tuple[str, ...]
    title: str
    steps: tuple[str, ...]
    dose: Dose
    picture: str
    priority: int
    source: str
    stop: str = ""
    suits_when: tuple[cond.Condition, ...] = ()
    prefer_when: tuple[cond.Condition, ...] = ()
    exclude_when: tuple[cond.Condition, ...] = ()
    line: int = 0
    file: str = ""


@dataclass(frozen=True)
class Tip:
    id: str
    audience: str  # adult | child | all
    title: str
    text: str
    priority: int
    source: str
    suits_when: tuple[cond.Condition, ...] = ()
    exclude_when: tuple[cond.Condition, ...] = ()


#: Readers some wording is written for, in order of preference (see safety.yaml).
READER_KINDS = ("injury", "child", "pregnancy", "young", "long_lasting", "older")
T = TypeVar("T")


@dataclass(frozen=True)
class Variants(Generic[T]):
    """A text with wording for particular readers (``READER_KINDS``)."""

    default: T
    special: Mapping[str, T] = field(default_factory=dict)

    def pick(self, kinds: tuple[str, ...]) -> T:
        """The wording for the first of the reader's kinds that has its own."""
        return next((self.special[k] for k in kinds if k in self.special), self.default)

    def all(self) -> tuple[T, ...]:
        return (self.default, *self.special.values())


@dataclass(frozen=True)
class WaitLine:
    """One line of "while you wait for help", with its source."""

    text: Variants[str]
    source: str
    only_when: tuple[cond.Condition, ...] = ()


@dataclass(frozen=True)
class Region:
    code: str
    emergency: str | None  # None: no country known, so nothing is guessed
    urgent: str
    paper: str
    source: str
    listed: bool = True

    @property
    def number(self) -> str:
        """The number as printed: the ambulance number, or a blank line to write it on."""
        return self.emergency or BLANK_NUMBER


BLANK_NUMBER = "________"  # a space to write in: never a guessed number


@dataclass(frozen=True)
class Safety:
    level_title: Mapping[str, Variants[str]]
    level_text: Mapping[str, Variants[str]]
    today: Mapping[str, Variants[str]]
    reader_line: Mapping[str, str]
    follow_up_title: str
    follow_up_text: str
    follow_up_today: Variants[str]
    same_day_pregnancy: str
    reasons: Mapping[str, str]
    warning_signs: Mapping[str, str]
    while_waiting: tuple[WaitLine, ...]
    getting_up_title: str
    getting_up_steps: Variants[tuple[str, ...]]
    medicines: Variants[str]
    stop_rule: str
    disclaimer: str


@dataclass(frozen=True)
class Content:
    positions: tuple[Item, ...]
    exercises: tuple[Item, ...]
    tips: tuple[Tip, ...]
    safety: Safety
    regions: Mapping[str, Region]
    fallback_urgent: str
    letter_regions: tuple[str, ...]
    numbers: Mapping[str, tuple[str, str]]  # country -> (ambulance number, source)
    pictures: Mapping[str, Picture] = field(default_factory=dict)

    def is_country(self, code: str) -> bool:
        """Is this an ISO 3166 country code careplan knows the emergency number of?"""
        return code in self.numbers

    def region(self, code: str | None) -> Region:
        """Facts for a country. With no country, the number is None: it is
        never guessed, and the handout leaves a space to write it in."""
        code = (code or "").upper()
        if code in self.regions:
            return self.regions[code]
        number, source = self.numbers.get(code, (None, ""))
        paper = "letter" if code in self.letter_regions else "a4"
        return Region(code, number, self.fallback_urgent, paper, source, listed=False)

    def item(self, item_id: str) -> Item:
        for it in (*self.positions, *self.exercises):
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def tip(self, tip_id: str) -> Tip:
        return next(t for t in self.tips if t.id == tip_id)


# ---------------------------------------------------------------- YAML with lines


class LineDict(dict):
    line = 0
    lines: dict

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    line = 0
    lines: list


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


def _construct_map(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise CareplanError(
                N_("{path}, line {line}: the key '{field}' appears twice"),
                path=loader.name, line=key_node.start_mark.line + 1, field=key,
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(n, deep=True) for n in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [n.start_mark.line + 1 for n in node.value]
    return out


safeyaml.strict(_LineLoader)  # `NO:` is Norway in regions too
_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


MAX_TEMPLATE_BYTES = 1024 * 1024  # the biggest template is about 11 KB


def read_yaml(path: Path) -> Any:
    """Parse a content file keeping line numbers; YAML errors name file and line.
    Read bounded and regular files only (readfile), so a stray FIFO or device cannot hang a run."""
    from careplan.files.readfile import read_text

    text = read_text(path, MAX_TEMPLATE_BYTES)
    loader = _LineLoader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CareplanError(
            N_("{path}, line {line}: not valid YAML: {problem}"),
            path=str(path), line=(mark.line + 1) if mark else 0,
            problem=getattr(exc, "problem", None) or str(exc),
        ) from None
    finally:
        loader.dispose()


# ---------------------------------------------------------------- validation helpers


class Check:
    """Validation context for one file: builds errors with file, line and field.
    Shared by every loader of authored YAML (content, pictures, questions)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, line: int, where: str, problem: str, **params: Any) -> CareplanError:
        return CareplanError(
            N_("{path}, line {line}: {where}: {problem}"),
            path=str(self.path), line=line, where=where, problem=problem.format(**params),
        )

    def mapping(self, value: Any, line: int, where: str, allowed: tuple[str, ...],
                required: tuple[str, ...] = ()) -> LineDict:
        if not isinstance(value, dict):
            raise self.fail(line, where, "expected a mapping with the keys {keys}", keys=", ".join(allowed))
        for key in value:
            if key not in allowed:
                raise self.fail(value.line_of(key), where,
                                "unknown key '{key}'; allowed: {keys}", key=key, keys=", ".join(allowed))
        for key in required:
            if key not in value or value[key] in (None, ""):
                raise self.fail(value.line, where, "the required key '{key}' is missing", key=key)
        return value

    def text(self, d: LineDict, key: str, where: str, *, required: bool = True) -> str:
        value = d.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected non-empty text, found {v!r}", v=value)
        if "<" in value or ">" in value:
            raise self.fail(d.line_of(key), f"{where}.{key}", "markup (< or >) is not allowed in content text")
        return value.strip()

    def texts(self, d: LineDict, key: str, where: str) -> tuple[str, ...]:
        value = d.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected a list of one or more lines of text")
        wrapper = LineDict({str(i): v for i, v in enumerate(value)})
        wrapper.line = value.line
        wrapper.lines = {str(i): ln for i, ln in enumerate(value.lines)}
        return tuple(self.text(wrapper, str(i), f"{where}.{key}") for i in range(len(value)))

    def choice(self, d: LineDict, key: str, where: str, allowed: tuple[str, ...]) -> str:
        value = d.get(key)
        if value not in allowed:
            raise self.fail(d.line_of(key), f"{where}.{key}", "{v!r} is not allowed; allowed: {a}",
                            v=value, a=", ".join(allowed))
        return value

    def choices(self, d: LineDict, key: str, where: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        value = d.get(key)
        if not isinstance(value, list) or not value:
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected a list of: {a}", a=", ".join(allowed))
        for v in value:
            if v not in allowed:
                raise self.fail(d.line_of(key), f"{where}.{key}", "{v!r} is not allowed; allowed: {a}",
                                v=v, a=", ".join(allowed))
        return tuple(value)

    def integer(self, d: LineDict, key: str, where: str, low: int, high: int, default: int | None = None) -> int:
        value = d.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected a whole number from {lo} to {hi}, found {v!r}",
                            lo=low, hi=high, v=value)
        return value

    def conditions(self, d: LineDict, key: str, where: str) -> tuple[cond.Condition, ...]:
        value = d.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not value:
            raise self.fail(d.line_of(key), f"{where}.{key}", "expected a list of conditions such as {{locations: [neck]}}")
        out = []
        for i, c in enumerate(value):
            cw = f"{where}.{key}[{i}]"
            allowed = (*cond.CHOICE_KEYS, *cond.BOOL_KEYS, *cond.NUMBER_KEYS)
            c = self.mapping(c, value.lines[i], cw, allowed)
            if not c:
                raise self.fail(value.lines[i], cw, "an empty condition would match everyone")
            for k in c:
                if k in cond.CHOICE_KEYS:
                    self.choices(c, k, cw, cond.CHOICE_KEYS[k])
                elif k in cond.BOOL_KEYS:
                    if not isinstance(c[k], bool):
                        raise self.fail(c.line_of(k), f"{cw}.{k}", "expected true or false")
                else:
                    self.integer(c, k, cw, 0, 120)
            out.append({k: (tuple(v) if isinstance(v, list) else v) for k, v in c.items()})
        return tuple(out)


# ---------------------------------------------------------------- the files

ITEM_KEYS = ("id", "posture", "spinal_flexion", "locations", "title", "steps", "dose", "stop",
             "picture", "priority", "suits_when", "prefer_when", "exclude_when", "source")
TIP_KEYS = ("id", "audience", "title", "text", "priority", "suits_when", "exclude_when", "source")
DOSE_KEYS = ("repeat", "hold_seconds", "minutes", "seconds", "times_a_day")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def _id(ck: Check, d: LineDict, where: str, seen: dict[str, int]) -> str:
    value = d.get("id")
    if not isinstance(value, str) or not ID_RE.match(value):
        raise ck.fail(d.line_of("id"), f"{where}.id", "expected an id of lower-case letters, digits and _, found {v!r}", v=value)
    if value in seen:
        raise ck.fail(d.line_of("id"), f"{where}.id", "duplicate id '{v}' (first used on line {first})", v=value, first=seen[value])
    seen[value] = d.line_of("id")
    return value


def _items(path: Path, kind: str, seen: dict[str, int]) -> tuple[Item, ...]:
    ck = Check(path)
    top_key = kind + "s"
    doc = ck.mapping(read_yaml(path), 1, "file", (top_key,), (top_key,))
    raw = doc[top_key]
    if not isinstance(raw, list) or not raw:
        raise ck.fail(doc.line_of(top_key), top_key, "expected a list of items")
    items = []
    for i, d in enumerate(raw):
        where = f"{top_key}[{i}]"
        required = ("id", "posture", "locations", "title", "steps", "picture", "priority", "source")
        if kind == "exercise":
            required += ("spinal_flexion", "dose")
        d = ck.mapping(d, raw.lines[i], where, ITEM_KEYS, required)
        item_id = _id(ck, d, where, seen)
        where = f"{top_key}[{i}] ({item_id})"
        dose = Dose()
        if "dose" in d:
            dd = ck.mapping(d["dose"], d.line_of("dose"), f"{where}.dose", DOSE_KEYS)
            dose = Dose(**{k: ck.integer(dd, k, f"{where}.dose", 1, 600) for k in dd})
            if (kind == "exercise" and not (dose.repeat or dose.minutes or dose.seconds)) or (
                    kind == "exercise" and not dose.times_a_day):
                raise ck.fail(d.line_of("dose"), f"{where}.dose",
                              "an exercise dose needs times_a_day and one of repeat, minutes, seconds")
        items.append(Item(
            kind=kind,
            id=item_id,
            posture=ck.choice(d, "posture", where, vocab.POSTURES),
            spinal_flexion=ck.choice(d, "spinal_flexion", where, vocab.SPINAL_FLEXION) if kind == "exercise" else "none",
            locations=ck.choices(d, "locations", where, vocab.LOCATIONS),
            title=ck.text(d, "title", where),
            steps=ck.texts(d, "steps", where),
            dose=dose,
            stop=ck.text(d, "stop", where, required=False),
            picture=ck.text(d, "picture", where),
            priority=ck.integer(d, "priority", where, 0, 1000),
            source=ck.text(d, "source", where),
            suits_when=ck.conditions(d, "suits_when", where),
            prefer_when=ck.conditions(d, "prefer_when", where),
            exclude_when=ck.conditions(d, "exclude_when", where),
            line=d.line, file=path.name,
        ))
    return tuple(items)


def _tips(path: Path) -> tuple[Tip, ...]:
    ck = Check(path)
    doc = ck.mapping(read_yaml(path), 1, "file", ("tips",), ("tips",))
    seen: dict[str, int] = {}
    tips = []
    for i, d in enumerate(doc["tips"]):
        where = f"tips[{i}]"
        d = ck.mapping(d, doc["tips"].lines[i], where, TIP_KEYS,
                       ("id", "audience", "title", "text", "priority", "source"))
        tip_id = _id(ck, d, where, seen)
        where = f"tips[{i}] ({tip_id})"
        tips.append(Tip(
            id=tip_id,
            audience=ck.choice(d, "audience", where, ("adult", "child", "all")),
            title=ck.text(d, "title", where),
            text=ck.text(d, "text", where),
            priority=ck.integer(d, "priority", where, 0, 1000),
            source=ck.text(d, "source", where),
            suits_when=ck.conditions(d, "suits_when", where),
            exclude_when=ck.conditions(d, "exclude_when", where),
        ))
    return tuple(tips)


def _variants(ck: Check, d: LineDict, key: str, where: str, *, lines: bool = False,
              required: tuple[str, ...] = ()) -> Variants[Any]:
    """One text (or list of lines) or a mapping of wordings by reader."""
    value = d.get(key)
    read = ck.texts if lines else ck.text
    if isinstance(value, dict):
        allowed = ("default", *READER_KINDS)
        m = ck.mapping(value, d.line_of(key), f"{where}.{key}", allowed, ("default", *required))
        return Variants(read(m, "default", f"{where}.{key}"),
                        {k: read(m, k, f"{where}.{key}") for k in READER_KINDS if k in m})
    if required:
        raise ck.fail(d.line_of(key), f"{where}.{key}", "needs wording for: {k}", k=", ".join(required))
    return Variants(read(d, key, where))


def _placeholders(ck: Check, d: LineDict, where: str, texts: tuple[str, ...], needed: str) -> None:
    for text in texts:
        if needed not in text:
            raise ck.fail(d.line, where, "every wording must contain the placeholder {p}", p=needed)


def _safety(path: Path) -> Safety:
    ck = Check(path)
    keys = ("levels", "today", "follow_up", "reader_line", "same_day_pregnancy", "reasons", "warning_signs",
            "while_waiting", "getting_up", "medicines", "stop_rule", "disclaimer")
    doc = ck.mapping(read_yaml(path), 1, "file", keys, keys)
    levels = ck.mapping(doc["levels"], doc.line_of("levels"), "levels", vocab.LEVELS, vocab.LEVELS)
    titles, texts = {}, {}
    for lvl in vocab.LEVELS:
        d = ck.mapping(levels[lvl], levels.line_of(lvl), f"levels.{lvl}", ("title", "text"), ("title", "text"))
        titles[lvl] = _variants(ck, d, "title", f"levels.{lvl}")
        texts[lvl] = _variants(ck, d, "text", f"levels.{lvl}")
    # the emergency number and the same-day advice must reach every reader
    _placeholders(ck, levels["emergency"], "levels.emergency.title", titles["emergency"].all(), "{number}")
    _placeholders(ck, levels["emergency"], "levels.emergency.text", texts["emergency"].all(), "{number}")
    urgent_texts = tuple(v for k, v in [("default", texts["urgent"].default), *texts["urgent"].special.items()]
                         if k != "pregnancy")
    _placeholders(ck, levels["urgent"], "levels.urgent.text", urgent_texts, "{advice}")
    today_keys = ("self_care", "soon", "urgent")
    today = ck.mapping(doc["today"], doc.line_of("today"), "today", today_keys, today_keys)
    fu_keys = ("title", "text", "today")
    follow = ck.mapping(doc["follow_up"], doc.line_of("follow_up"), "follow_up", fu_keys, fu_keys)
    _placeholders(ck, follow, "follow_up.title", (ck.text(follow, "title", "follow_up"),), "{date}")
    readers = ck.mapping(doc["reader_line"], doc.line_of("reader_line"), "reader_line",
                         ("child", "young"), ("child", "young"))
    reasons = ck.mapping(doc["reasons"], doc.line_of("reasons"), "reasons", REASONS, REASONS)
    sign_ids = tuple(s.id for s in SIGNS)
    # Words only: a `level:` here is refused as an unknown key, so content can
    # never print a sign at a level the triage table does not give it.
    signs = ck.mapping(doc["warning_signs"], doc.line_of("warning_signs"), "warning_signs", sign_ids, sign_ids)
    waiting = doc["while_waiting"]
    if not isinstance(waiting, list) or not waiting:
        raise ck.fail(doc.line_of("while_waiting"), "while_waiting", "expected a list of lines, each with text and source")
    wait_lines = []
    for i, w in enumerate(waiting):
        wh = f"while_waiting[{i}]"
        w = ck.mapping(w, waiting.lines[i], wh, ("text", "source", "only_when"), ("text", "source"))
        wait_lines.append(WaitLine(_variants(ck, w, "text", wh), ck.text(w, "source", wh),
                                   ck.conditions(w, "only_when", wh)))
    gu = ck.mapping(doc["getting_up"], doc.line_of("getting_up"), "getting_up", ("title", "steps"), ("title", "steps"))
    return Safety(
        level_title=titles, level_text=texts,
        today={k: _variants(ck, today, k, "today") for k in today_keys},
        reader_line={k: ck.text(readers, k, "reader_line") for k in ("child", "young")},
        follow_up_title=ck.text(follow, "title", "follow_up"),
        follow_up_text=ck.text(follow, "text", "follow_up"),
        follow_up_today=_variants(ck, follow, "today", "follow_up"),
        same_day_pregnancy=ck.text(doc, "same_day_pregnancy", "file"),
        reasons={k: ck.text(reasons, k, "reasons") for k in REASONS},
        warning_signs={k: ck.text(signs, k, "warning_signs") for k in sign_ids},
        while_waiting=tuple(wait_lines),
        getting_up_title=ck.text(gu, "title", "getting_up"),
        getting_up_steps=_variants(ck, gu, "steps", "getting_up", lines=True),
        medicines=_variants(ck, doc, "medicines", "file", required=("child",)),
        stop_rule=ck.text(doc, "stop_rule", "file"),
        disclaimer=ck.text(doc, "disclaimer", "file"),
    )


def _numbers(path: Path) -> dict[str, tuple[str, str]]:
    """The ambulance number of every country, each with its source."""
    ck = Check(path)
    doc = ck.mapping(read_yaml(path), 1, "file", ("numbers",), ("numbers",))
    table = doc["numbers"]
    if not isinstance(table, dict) or not table:
        raise ck.fail(doc.line_of("numbers"), "numbers", "expected a mapping of country codes")
    out = {}
    for code, d in table.items():
        if not isinstance(code, str) or not re.fullmatch("[A-Z]{2}", code):
            raise ck.fail(table.line_of(code), "numbers", "{c!r} is not a two-letter country code in capitals", c=code)
        d = ck.mapping(d, table.line_of(code), f"numbers.{code}", ("emergency", "source"), ("emergency", "source"))
        number = d["emergency"]
        if not isinstance(number, str) or not re.fullmatch(r"[0-9]{2,6}", number):
            raise ck.fail(d.line_of("emergency"), f"numbers.{code}.emergency",
                          "expected a phone number in quotes, such as \"112\", found {v!r}", v=number)
        out[code] = (number, ck.text(d, "source", f"numbers.{code}"))
    return out


def _regions(path: Path, numbers: Mapping[str, tuple[str, str]]) -> tuple[dict[str, Region], str, tuple[str, ...]]:
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


def load(root: Path | None = None, *, all_pictures: bool = False) -> Content:
    """Load and validate every content file under templates/ (pictures: see Pictures)."""
    root = root or paths.templates_dir()
    seen: dict[str, int] = {}
    positions = _items(root / "positions.yaml", "position", seen)
    exercises = _items(root / "exercises.yaml", "exercise", seen)
    numbers = _numbers(root / "emergency_numbers.yaml")
    regions, fallback_urgent, letter = _regions(root / "regions.yaml", numbers)
    content = Content(
        positions=positions,
        exercises=exercises,
        tips=_tips(root / "tips.yaml"),
        safety=_safety(root / "safety.yaml"),
        regions=regions,
        fallback_urgent=fallback_urgent,
        letter_regions=letter,
        numbers=numbers,
    )
    files = {}
    for it in (*positions, *exercises):
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
    pictures = Pictures(files)
    if all_pictures:
        for name in files:
            pictures[name]  # parse and validate now
    object.__setattr__(content, "pictures", pictures)
    return content


class Pictures(Mapping[str, Picture]):
    """Pictures by name, each parsed and validated the first time it is used.

    A handout draws five or six of them, so reading all of them on every run
    would be wasted start-up time; ``load(all_pictures=True)`` (used by
    ``careplan check``, the gallery and the tests) validates every one.
    """

    def __init__(self, files: dict[str, Path]) -> None:
        self._files = files
        self._loaded: dict[str, Picture] = {}

    def __getitem__(self, name: str) -> Picture:
        if name not in self._loaded:
            self._loaded[name] = load_picture(self._files[name], read_yaml)
        return self._loaded[name]

    def __iter__(self):
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)
