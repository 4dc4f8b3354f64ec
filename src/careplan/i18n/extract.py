"""Find every reader-visible string in the YAML templates.

Serves two masters: babel (``extract_yaml``, registered as the
``careplan_yaml`` extractor, so ``pybabel extract -F pyproject.toml`` puts
content strings in the same .pot as the code's) and careplan's own checks.
Each string carries a translator comment: file, item id, field and context.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, NamedTuple

from careplan import paths
from careplan.content.loader import LineLoader, read_yaml
from careplan.errors import N_, CareplanError
from careplan.files.yamlimport import yaml

# field name -> context shown to translators
TEXT_FIELDS = {
    "title": "heading",
    "text": "paragraph",
    "steps": "numbered step",
    "stop": "when to stop",
    "pregnancy_text": "paragraph, pregnancy",
    "pregnancy_step": "numbered step, pregnancy",
    "urgent": "what 'see a doctor today' means in this country",
    "while_waiting": "numbered step while waiting for an ambulance",
    "medicines": "paragraph about medicines",
    "stop_rule": "rule shown above the exercises",
    "disclaimer": "small print at the end",
    "help": "help line under a question",
    "label": "answer choice",
    "same_day_pregnancy": "how to get same-day care in pregnancy",
}
#: wording for particular readers: a text field may hold a mapping of these
VARIANTS = {
    "default": "",
    "child_injury": (", for the parent or carer of a child under 12, after a fall or an injury"
                     " (an ambulance, never a car)"),
    "injury": ", after a fall or an injury (an ambulance, never a car)",
    "child": ", for the parent or carer of a child under 12",
    "young": ", for a young person aged 12 to 15",
    "young_pregnancy": ", for a pregnant young person aged 12 to 15 (no exercise programme)",
    "pregnancy": ", in pregnancy",
    "long_lasting": ", for pain of more than 12 weeks",
    "older": ", for a reader aged 65 or more",
}
# every value under these keys is a sentence
SENTENCE_PARENTS = {
    "today": "summary of what to do today",
    "reasons": "why this level of care (a sentence)",
    "warning_signs": "warning sign listed in a box (a phrase, no full stop)",
    "reader_line": "who this handout speaks to",
    "follow_up": "at-a-glance box when a follow-up visit is booked",
}


class Found(NamedTuple):
    line: int
    text: str
    comment: str
    file: str = ""  # the template's file name, such as safety.yaml
    field: str = ""  # the dotted path inside it, such as levels.emergency.title, for checks


def _line_of(node: object, key: object) -> int:
    """The line a key is on, when the mapping was read by content's line-keeping loader."""
    return int(node.line_of(key)) if hasattr(node, "line_of") else 0


def _walk(node: Any, file: str, path: list[str], item_id: str | None) -> Iterator[Found]:
    if isinstance(node, dict):
        item_id = node.get("id", item_id) if isinstance(node.get("id"), str) else item_id
        for key, value in node.items():
            if key in ("source", "id", "picture"):
                continue
            line = _line_of(node, key)
            parent = path[-1] if path else ""
            if isinstance(value, str) and (key in TEXT_FIELDS or parent in SENTENCE_PARENTS):
                context = SENTENCE_PARENTS.get(parent) or TEXT_FIELDS[key]
                if key == "text" and "questions" in file:
                    context = "question"
                where = f"{file}: {item_id + ', ' if item_id else ''}{'.'.join([*path, key])}"
                yield Found(line, value.strip(), f"{where} ({context})", file, ".".join([*path, key]))
            elif isinstance(value, list) and key in TEXT_FIELDS and all(isinstance(v, str) for v in value):
                lines = getattr(value, "lines", [line] * len(value))
                for i, v in enumerate(value):
                    where = f"{file}: {item_id + ', ' if item_id else ''}{'.'.join([*path, key])}[{i + 1}]"
                    yield Found(lines[i], v.strip(), f"{where} ({TEXT_FIELDS[key]})", file,
                                f"{'.'.join([*path, key])}[{i + 1}]")
            elif (isinstance(value, dict) and value and set(value) <= set(VARIANTS)
                  and (key in TEXT_FIELDS or parent in SENTENCE_PARENTS)):
                context = SENTENCE_PARENTS.get(parent) or TEXT_FIELDS[key]
                for variant, text in value.items():
                    where = f"{file}: {item_id + ', ' if item_id else ''}{'.'.join([*path, key, variant])}"
                    texts = text if isinstance(text, list) else [text]
                    lines = getattr(text, "lines", [_line_of(value, variant)] * len(texts))
                    for i, v in enumerate(texts):
                        if isinstance(v, str):
                            field = ".".join([*path, key, variant]) + (f"[{i + 1}]" if isinstance(text, list) else "")
                            yield Found(lines[i], v.strip(), f"{where} ({context}{VARIANTS[variant]})", file, field)
            else:
                yield from _walk(value, file, [*path, str(key)], item_id)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value, file, path, item_id)


def strings_in_file(path: Path) -> list[Found]:
    """Reader-visible strings of one template file (pictures have none)."""
    if path.parent.name == "pictures":
        return []
    return list(_walk(read_yaml(path), path.name, [], None))


def template_strings(root: Path | None = None) -> list[Found]:
    """Reader-visible strings of every template (by default those careplan runs with)."""
    root = root or paths.templates_dir()
    out: list[Found] = []
    for path in sorted(root.glob("*.yaml")):
        out.extend(strings_in_file(path))
    return out


def extract_yaml(fileobj: IO[bytes] | IO[str], keywords: Mapping[str, Any], comment_tags: Collection[str],
                 options: Mapping[str, Any]) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor entry point for templates/*.yaml (babel's signature; only the file is used)."""

    name = getattr(fileobj, "name", "template.yaml")
    if Path(str(name)).parent.name == "pictures":
        return
    raw = fileobj.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise CareplanError(N_("{path}: the file is not UTF-8 text"), path=str(name)) from None
    loader = LineLoader(raw)
    loader.name = str(name)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:  # say which file and line, as read_yaml does; never a traceback
        mark = getattr(exc, "problem_mark", None)
        raise CareplanError(
            N_("{path}, line {line}: not valid YAML: {problem}"),
            path=str(name), line=(mark.line + 1) if mark else 0,
            problem=getattr(exc, "problem", None) or type(exc).__name__,
        ) from None
    finally:
        loader.dispose()
    for found in _walk(data, Path(str(name)).name, [], None):
        yield found.line, None, found.text, [found.comment]

