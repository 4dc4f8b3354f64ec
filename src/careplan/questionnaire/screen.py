"""What the questionnaire prints between prompts, wrapped to the terminal's width.

The width comes from the Environment (40 to 100 columns), so a test fixes
it instead of depending on the terminal it runs in.
"""

from __future__ import annotations

import textwrap
from typing import IO

from careplan.records import record


@record(frozen=False)
class Screen:
    """Prints to `out` in lines that fit `width` columns."""

    out: IO[str]
    width: int = 80

    def say(self, text: str = "", indent: str = "", hang: str | None = None, *, wrap: bool = True,
            whole: str = "") -> None:
        """Print text wrapped to the terminal; hang is the indent of the lines after the first.

        Words (and file paths) are never split, nor `whole` (a path with spaces in it); wrap=False prints one line.
        """
        if whole and " " in whole and "\0" not in text:
            text = text.replace(whole, whole.replace(" ", "\0"))
        if not text:
            self.out.write("\n")
        elif not wrap:
            self.out.write(indent + text + "\n")
        else:
            hang = indent if hang is None else hang
            for paragraph in text.split("\n"):
                self.out.write(textwrap.fill(paragraph, width=self.width - 1, initial_indent=indent,
                                             subsequent_indent=hang, break_long_words=False,
                                             break_on_hyphens=False).replace("\0", " ") + "\n")
        self.out.flush()

    def shorten(self, text: str) -> str:
        """One line of a list: cut with … to fit beside the pointer."""
        room = self.width - 5
        return text if len(text) <= room else text[:room - 1].rstrip() + "…"
