"""PyYAML, imported without compiling patterns careplan never uses.

When yaml is imported it compiles some fifteen patterns (7 ms here: an
eighth of what careplan adds to a cold handout beyond importing ReportLab).
The costliest, yaml.reader's set of every character YAML may not hold (5.5
ms), only PyYAML's pure-Python reader uses, to check a stream; careplan reads
with the C loader, where libyaml does its own check. Most of the others are
the implicit resolvers (YAML 1.1's yes/no booleans, sexagesimals,
timestamps), which careplan replaces with its own (files/safeyaml.py). So
while yaml is first imported, each pattern it compiles is left to be
compiled the first time it is used, as the pure-Python loader and PyYAML's
own loaders still do (careplan/lazyimport.py). Every careplan module imports yaml
from here.
"""

from __future__ import annotations

import sys

from careplan.lazyimport import compiling_later

# yaml/reader.py, Reader.NON_PRINTABLE (the costliest; the tests compare with it)
NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]"


def _importing() -> None:
    if "yaml" in sys.modules:
        return
    with compiling_later():
        import yaml  # noqa: F401


_importing()

import yaml  # noqa: E402  (after _importing, which makes the first import)

__all__ = ["yaml"]
