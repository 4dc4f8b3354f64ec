"""careplan: a few answers about back or neck pain in, a safe self-care handout out."""

#: The version's one home: pyproject.toml reads it for the build, --version and the PDF's creator print it.
__version__ = "0.1.0"
