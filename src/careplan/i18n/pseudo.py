"""The en-XA pseudo-locale: accented, about 35% longer text for layout testing.

Placeholders such as {number} and %(n)d are kept intact so formatting works,
and every character used is in the embedded font (Latin-1 accents).
"""

from __future__ import annotations

import gettext
import re

from careplan.placeholders import PLACEHOLDER

_MAP = str.maketrans(
    "aceinousyACEINOUSY",
    "àçéîñöûšýÀÇÉÎÑÖÛŠÝ",
)
_PLACEHOLDER = re.compile(f"({PLACEHOLDER.pattern})")  # a group, so split keeps them


def pseudo(text: str) -> str:
    """Accent the letters and pad by about 35%, leaving placeholders alone."""
    parts = _PLACEHOLDER.split(text)
    out = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_MAP) for p in parts)
    letters = sum(c.isalpha() for c in text)
    pad = max(1, round(letters * 0.35))
    words = " ".join("ŕôřđ" for _ in range(pad // 4))
    return f"[{out} {words}]" if words else f"[{out}]"


class PseudoTranslations(gettext.NullTranslations):
    """gettext's interface over pseudo(), so the Translator treats en-XA like any catalog."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)
