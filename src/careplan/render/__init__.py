"""Rendering: the only code that knows about pages."""
