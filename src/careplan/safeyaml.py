"""Reading YAML and JSON that may come from anyone: safely and within limits.

Answers files are small. We refuse big files, deep nesting, anchors and
aliases (the "billion laughs" trick) and any tag that would build a Python
object, before building a single value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import N_, CareplanError

MAX_BYTES = 256 * 1024
MAX_DEPTH = 8

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """The file's text, or a clear error if it is missing, huge or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CareplanError(
                N_("{path}: the file is too large ({size} bytes); the limit is {limit} bytes"),
                path=str(path), size=size, limit=max_bytes,
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CareplanError(N_("{path}: no such file"), path=str(path)) from None
    except IsADirectoryError:
        raise CareplanError(N_("{path}: is a folder, not a file"), path=str(path)) from None
    except PermissionError:
        raise CareplanError(N_("{path}: permission denied"), path=str(path)) from None
    except UnicodeDecodeError:
        raise CareplanError(N_("{path}: the file is not UTF-8 text"), path=str(path)) from None


def _check_events(text: str, name: str) -> None:
    """Refuse aliases and deep nesting by walking parser events (cheap, no objects)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise CareplanError(
                    N_("{path}, line {line}: anchors and aliases (& and *) are not allowed"),
                    path=name, line=event.start_mark.line + 1,
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise CareplanError(
                        N_("{path}, line {line}: nested too deeply (more than {limit} levels)"),
                        path=name, line=event.start_mark.line + 1, limit=MAX_DEPTH,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, name) from None


def _check_depth(value: Any, name: str, depth: int = 0) -> None:
    if isinstance(value, (dict, list)):
        if depth >= MAX_DEPTH:
            raise CareplanError(
                N_("{path}: nested too deeply (more than {limit} levels)"), path=name, limit=MAX_DEPTH
            )
        for item in value.values() if isinstance(value, dict) else value:
            _check_depth(item, name, depth + 1)


def _yaml_error(exc: yaml.YAMLError, name: str) -> CareplanError:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "invalid YAML"
    if mark is not None:
        return CareplanError(
            N_("{path}, line {line}: not valid YAML: {problem}"),
            path=name, line=mark.line + 1, problem=problem,
        )
    return CareplanError(N_("{path}: not valid YAML: {problem}"), path=name, problem=problem)


def loads(text: str, name: str, *, json_only: bool = False) -> Any:
    """Parse answers text as JSON (if it looks like JSON) or safe YAML."""
    if json_only or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
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
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, name) from None


def load_file(path: Path) -> Any:
    """Read and parse one answers file (YAML or JSON, chosen by content and suffix)."""
    text = read_text(path)
    return loads(text, str(path), json_only=path.suffix.lower() == ".json")
