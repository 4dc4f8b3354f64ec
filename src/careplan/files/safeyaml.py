"""Reading YAML and JSON that may come from anyone: safely and within limits.

Answers files are small. We refuse big files, deep nesting, anchors and
aliases (the "billion laughs" trick) and every explicit tag (!!float, !!binary,
!name: a tag can build a Python object, or fail inside PyYAML with the value
in its message), before building a single value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from careplan.errors import N_, CareplanError
from careplan.files import readfile
from careplan.files.yamlimport import yaml

MAX_BYTES = 256 * 1024
MAX_DEPTH = 8

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DIGITS = 18  # no field needs more; Python refuses to print ints past 4,300 digits

# YAML 1.2's core schema: only true/false are booleans, only decimal digits
# are integers, and there are no timestamps, so `NO` is Norway, `052` is 52,
# `1:10` is text and `on`/`yes` are text. Dates stay text until a field that
# wants one parses it (and can say the date does not exist).
_RESOLVERS: list[tuple[str, str, str]] = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", "~nN"),
]


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    """Decimal only (052 is 52), and a clear message for endless digits (int() refuses over 4,300)."""
    text = loader.construct_scalar(node)
    if len(text.lstrip("+-")) > MAX_DIGITS:
        raise CareplanError(
            N_("{path}, line {line}: a number with more than {limit} digits"),
            path=loader.name, line=node.start_mark.line + 1, limit=MAX_DIGITS,
        )
    return int(text, 10)


def strict(loader_cls: type) -> type:
    """Give a loader class YAML 1.2 core scalars (see _RESOLVERS) and decimal ints."""
    resolvers: dict[str | None, list[tuple[str, Any]]] = {}
    for tag, pattern, firsts in _RESOLVERS:
        for first in firsts:
            resolvers.setdefault(first, []).append((tag, re.compile(pattern)))
    resolvers[""] = [("tag:yaml.org,2002:null", re.compile(r"^$"))]  # an empty value
    loader_cls.yaml_implicit_resolvers = resolvers  # type: ignore[attr-defined]
    loader_cls.add_constructor("tag:yaml.org,2002:int", _construct_int)  # type: ignore[attr-defined]
    return loader_cls


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Answers and config files: strict scalars, and a key given twice is refused
    (last-one-wins would let `red_flags: []` silently undo an emergency sign)."""

    name = "answers"

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                raise CareplanError(N_("{path}, line {line}: a key must be plain text"),
                                    path=self.name, line=key_node.start_mark.line + 1) from None
            if first is not None:
                raise CareplanError(
                    N_("{path}, line {line}: the key {key} is given twice (first on line {first}); "
                       "give each field once"),
                    path=self.name, line=key_node.start_mark.line + 1, first=first, key=_shown_key(key),
                )
            seen[key] = key_node.start_mark.line + 1
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


strict(_Loader)
_Loader.add_constructor("tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node, deep=True))


def _shown_key(key: Any) -> str:
    text = str(key)
    return f"'{text}'" if text.isidentifier() and len(text) <= 40 else "(a key)"


def _no_duplicates(name: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """json's object hook that refuses a key given twice, as the YAML loader does."""
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise CareplanError(N_("{path}: the key {key} is given twice; give each field once"),
                                    path=name, key=_shown_key(key))
            out[key] = value
        return out

    return hook


def _line_of(event: yaml.Event) -> int:
    """The 1-based line an event starts on (the parser always gives a mark; be safe anyway)."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


def _check_events(text: str, name: str) -> None:
    """Refuse aliases and deep nesting by walking parser events (cheap, no objects)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Base):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise CareplanError(
                    N_("{path}, line {line}: anchors and aliases (& and *) are not allowed"),
                    path=name, line=_line_of(event),
                )
            if getattr(event, "tag", None) is not None:  # !!float, !!timestamp, !name: never the tag's text
                raise CareplanError(
                    N_("{path}, line {line}: YAML tags (such as !!str) are not allowed; write the value "
                       "plainly, text in quotes"),
                    path=name, line=_line_of(event),
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise CareplanError(
                        N_("{path}, line {line}: nested too deeply (more than {limit} levels)"),
                        path=name, line=_line_of(event), limit=MAX_DEPTH,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        raise not_valid_yaml(exc, name, text) from None


def _check_depth(value: Any, name: str, depth: int = 0) -> None:
    """JSON's nesting limit, the same as YAML's (MAX_DEPTH)."""
    if isinstance(value, (dict, list)):
        if depth >= MAX_DEPTH:
            raise CareplanError(
                N_("{path}: nested too deeply (more than {limit} levels)"), path=name, limit=MAX_DEPTH
            )
        for item in value.values() if isinstance(value, dict) else value:
            _check_depth(item, name, depth + 1)


def not_valid_yaml(exc: yaml.YAMLError, path: str, text: str | None = None) -> CareplanError:
    """The one "not valid YAML" message, for answers, config and content files alike.

    Names the line when YAML knows it (a parse error's mark, or with ``text``
    a bad character's position) and says what is wrong in YAML's words, never
    quoting the file.
    """
    mark = getattr(exc, "problem_mark", None)
    line: int | None = mark.line + 1 if mark is not None else None
    position = getattr(exc, "position", None)
    if line is None and text is not None and isinstance(position, int):
        line = text.count("\n", 0, position) + 1
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "invalid YAML"
    if line is not None:
        return CareplanError(
            N_("{path}, line {line}: not valid YAML: {problem}"), path=path, line=line, problem=str(problem)
        )
    return CareplanError(N_("{path}: not valid YAML: {problem}"), path=path, problem=str(problem))


def loads(text: str, name: str, *, json_only: bool = False) -> Any:
    """Parse answers text as JSON (if it looks like JSON) or safe YAML; None for an empty file
    (in either: the answers' check then says the file holds no answers)."""
    text = text.removeprefix("\ufeff")  # a byte order mark some editors add: YAML allows it, JSON does not
    if not text.strip():
        return None
    if json_only or text.lstrip().startswith("{"):
        import json  # lazy: most answers files are YAML

        try:
            data = json.loads(text, object_pairs_hook=_no_duplicates(name), parse_int=_json_int(name))
            _check_depth(data, name)
            return data
        except RecursionError:
            raise CareplanError(
                N_("{path}: nested too deeply (more than {limit} levels)"), path=name, limit=MAX_DEPTH
            ) from None
        except json.JSONDecodeError as exc:
            if json_only:
                raise CareplanError(
                    N_("{path}, line {line}: not valid JSON: {problem}"),
                    path=name, line=exc.lineno, problem=exc.msg,
                ) from None
    _check_events(text, name)
    loader = _Loader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise not_valid_yaml(exc, name, text) from None
    finally:
        loader.dispose()


def _json_int(name: str) -> Callable[[str], int]:
    """json's int parser with the same digit limit as YAML's."""
    def parse(text: str) -> int:
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise CareplanError(N_("{path}: a number with more than {limit} digits"), path=name, limit=MAX_DIGITS)
        return int(text)

    return parse


def load_file(path: Path, max_bytes: int = MAX_BYTES) -> Any:
    """Read and parse one answers file (YAML or JSON, chosen by content and suffix), bounded and
    from a regular file only (readfile), so /dev/zero or a FIFO cannot hang or flood a run."""
    text = readfile.read_text(path, max_bytes)
    return loads(text, str(path), json_only=path.suffix.lower() == ".json")
