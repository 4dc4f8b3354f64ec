"""YAML for authored files, keeping the line of every key and list item.

Content authors fix what an error points at, so every mapping and list
read here remembers where it came from (``LineDict.line_of``,
``LineList.lines``). The scalars are YAML 1.2's (``NO`` is Norway), and a
key given twice is refused rather than silently overwritten. Used for the
templates, the pictures, the questionnaire and the string extractor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from careplan.errors import N_, CareplanError
from careplan.files import safeyaml
from careplan.files.readfile import read_text
from careplan.files.yamlimport import yaml

MAX_TEMPLATE_BYTES = 1024 * 1024  # the biggest template is about 11 KB


class LineDict(dict[Any, Any]):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """The key's line, or the mapping's own when the key is absent."""
        return self.lines.get(key, self.line)


class LineList(list[Any]):
    """A list that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]


_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LineLoader(_Base):  # type: ignore[misc]
    """The safe loader (C speed where available) building LineDict and LineList."""


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


safeyaml.strict(LineLoader)  # `NO:` is Norway in regions too
LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def parse_yaml(text: str, name: str) -> Any:
    """Parse authored YAML text; a syntax error names the file and line (safeyaml's wording)."""
    loader = LineLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise safeyaml.not_valid_yaml(exc, name, text) from None
    finally:
        loader.dispose()


def read_yaml(path: Path) -> Any:
    """Read and parse one authored file, bounded and from a regular file only
    (readfile), so a stray FIFO or device among the templates cannot hang a run."""
    return parse_yaml(read_text(path, MAX_TEMPLATE_BYTES), str(path))
