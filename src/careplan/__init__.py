"""careplan: a few answers about back or neck pain in, a safe self-care handout out."""

#: The version's one home: pyproject.toml reads it for the build, --version and the PDF's creator print it.
__version__ = "0.1.0"


def _no_reportlab_mods() -> None:
    """ReportLab runs ~/.reportlab_mods as Python when it is first imported, unless
    a module of that name is already loaded. A handout must not depend on one
    user's ReportLab changes (the same answers give the same bytes), and with
    HOME set to a file that import fails outright (NotADirectoryError), which
    would fail every handout: so careplan loads an empty one first."""
    import sys
    import types

    sys.modules.setdefault("reportlab_mods", types.ModuleType("reportlab_mods"))


_no_reportlab_mods()
