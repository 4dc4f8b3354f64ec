"""Escaping for ReportLab Paragraph markup.

Paragraph parses '<' and '&' as markup, so every piece of text (names, notes,
translations) passes through escape() first. Written out here rather than
imported from xml.sax.saxutils, which drags in urllib (about 25 ms at start).
"""

from __future__ import annotations


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
