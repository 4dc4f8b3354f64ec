"""careplan: a few answers about back or neck pain in, a safe self-care handout out."""

__version__ = "0.1.0"
