"""Records: what ``@dataclass(frozen=True)`` gives, without its cost at import.

Why not dataclasses: Python 3.11 writes each method a frozen dataclass needs
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``,
``__delattr__``) as source text and compiles it when the class is defined,
about 1 ms a class. careplan defines some forty of them on the way to one
handout, a fifth of what a cold handout costs above importing ReportLab
(``benchmarks/bench.py``). ``record`` gives the same behaviour from shared
functions that read the class's field list, so defining a class costs
microseconds. Type checkers see a frozen dataclass (``dataclass_transform``).

What a record has, as a frozen dataclass would: an ``__init__`` taking the
fields in order (or by keyword only, with ``kw_only=True``), defaults and
``dataclasses.field(default=..., default_factory=..., repr=False)``,
``__post_init__``, fields inherited from a record base class, ``__repr__``,
``__eq__`` and ``__hash__`` over the fields, ``__match_args__``, and
``dataclasses.FrozenInstanceError`` on assignment (``frozen=False``: fields may be
set, and the record is unhashable, as a plain ``@dataclass`` is). ``fields(cls)`` and
``replace(obj, **changes)`` stand in for the dataclasses functions. Anything
else a field may ask of dataclasses (``init=False``, ``compare``, ``hash``,
``kw_only`` per field) is refused when the class is defined, not ignored.
Records pickle as plain objects (the content cache stores them).
"""

from __future__ import annotations

import dataclasses
import inspect
import re
import reprlib
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform, get_origin, overload

_C = TypeVar("_C", bound=type)
_T = TypeVar("_T")

MISSING: Any = dataclasses.MISSING
FrozenInstanceError = dataclasses.FrozenInstanceError


class Field:
    """One field of a record, as ``fields()`` returns it."""

    __slots__ = ("default", "default_factory", "kw_only", "name", "repr")

    def __init__(self, name: str, default: Any, default_factory: Any, repr: bool, kw_only: bool) -> None:
        self.name = name
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.kw_only = kw_only  # from its own class's record(kw_only=...), as with dataclasses

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


_SPECIAL = re.compile(r"^(?:\w+\.)?(ClassVar|InitVar|KW_ONLY)\b")  # as a string annotation


def _special(annotation: object) -> str | None:
    """'ClassVar', 'InitVar' or 'KW_ONLY' for such an annotation, else None."""
    if isinstance(annotation, str):  # `from __future__ import annotations`, as in all of careplan
        found = _SPECIAL.match(annotation)
        return found.group(1) if found else None
    if annotation is ClassVar or get_origin(annotation) is ClassVar:
        return "ClassVar"
    if annotation is dataclasses.KW_ONLY:
        return "KW_ONLY"
    return "InitVar" if isinstance(annotation, dataclasses.InitVar) or annotation is dataclasses.InitVar else None


def _own_fields(cls: type, kw_only: bool) -> list[Field]:
    own = []
    annotations = inspect.get_annotations(cls)
    for name, value in cls.__dict__.items():
        if isinstance(value, dataclasses.Field) and name not in annotations:
            raise TypeError(f"{cls.__qualname__}.{name} is a field but has no type annotation")
    for name, annotation in annotations.items():
        special = _special(annotation)
        if special == "ClassVar":
            continue
        if special is not None:
            raise TypeError(f"{cls.__qualname__}.{name}: a record has no {special}")
        value = getattr(cls, name, MISSING)  # a base class's attribute too, as with dataclasses
        if isinstance(value, dataclasses.Field):
            if not value.init or not value.compare or value.hash is not None or value.kw_only is not MISSING \
                    or value.metadata:
                raise TypeError(f"{cls.__qualname__}.{name}: a record field takes default, default_factory "
                                "and repr only")
            made = Field(name, value.default, value.default_factory, value.repr, kw_only)
            if value.default is MISSING:
                if name in cls.__dict__:
                    delattr(cls, name)
            else:
                setattr(cls, name, value.default)
        else:
            made = Field(name, value, MISSING, True, kw_only)
        if made.default is not MISSING and type(made.default).__hash__ is None:
            raise ValueError(f"{cls.__qualname__}.{name}: mutable default {type(made.default).__name__} "
                             "is not allowed: use default_factory")
        own.append(made)
    return own


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    cls = type(self)
    names: tuple[str, ...] = cls.__record_positional__
    if len(args) > len(names):
        raise TypeError(f"{cls.__qualname__}() takes {len(names)} positional arguments but {len(args)} were given")
    values = dict(zip(names, args, strict=False))  # fewer arguments than names: the rest by keyword
    table: dict[str, Field] = cls.__record_table__
    for key, value in kwargs.items():
        if key not in table:
            raise TypeError(f"{cls.__qualname__}() got an unexpected keyword argument {key!r}")
        if key in values:
            raise TypeError(f"{cls.__qualname__}() got multiple values for argument {key!r}")
        values[key] = value
    if len(values) < len(table):
        for f in cls.__record_fields__:
            if f.name in values:
                continue
            if f.default is not MISSING:
                values[f.name] = f.default
            elif f.default_factory is not MISSING:
                values[f.name] = f.default_factory()
            else:
                raise TypeError(f"{cls.__qualname__}() missing required argument {f.name!r}")
    self.__dict__.update(values)
    post = getattr(self, "__post_init__", None)
    if post is not None:
        post()


def _values(self: Any) -> tuple[Any, ...]:
    d = self.__dict__
    return tuple([d[f.name] for f in type(self).__record_fields__])


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    d = self.__dict__
    shown = ", ".join(f"{f.name}={d[f.name]!r}" for f in type(self).__record_fields__ if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: object) -> Any:  # bool, or NotImplemented for another class
    if other.__class__ is not self.__class__:
        return NotImplemented
    return (_values(self) == _values(other))


def _hash(self: Any) -> int:
    return hash(_values(self))


def _setattr(self: Any, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


_METHODS: dict[str, Callable[..., Any]] = {"__init__": _init, "__repr__": _repr, "__eq__": _eq}
_FROZEN: dict[str, Callable[..., Any]] = {"__hash__": _hash, "__setattr__": _setattr, "__delattr__": _delattr}


def _make(cls: _C, kw_only: bool, frozen: bool) -> _C:
    inherited: list[Field] = []
    for base in reversed(cls.__mro__[1:]):
        if "__record_fields__" in base.__dict__:
            if base.__dict__["__record_frozen__"] != frozen:
                raise TypeError(f"{cls.__qualname__}: a frozen and a changeable record cannot inherit from each other")
            inherited.extend(base.__dict__["__record_fields__"])
    table = {f.name: f for f in inherited}
    for f in _own_fields(cls, kw_only):
        table[f.name] = f
    all_fields = tuple(table.values())
    positional = tuple(f.name for f in all_fields if not f.kw_only)
    seen_default = False
    for f in all_fields:
        if f.kw_only:
            continue
        has_default = f.default is not MISSING or f.default_factory is not MISSING
        if seen_default and not has_default:
            raise TypeError(f"{cls.__qualname__}: field {f.name!r} without a default follows one with a default")
        seen_default = seen_default or has_default
    settings = {"__record_fields__": all_fields, "__record_table__": table, "__record_frozen__": frozen,
                "__record_positional__": positional}
    for name, value in settings.items():
        setattr(cls, name, value)
    if "__match_args__" not in cls.__dict__:
        setattr(cls, "__match_args__", positional)  # noqa: B010 (mypy refuses the plain assignment)
    explicit_hash = "__hash__" in cls.__dict__ and not (cls.__dict__["__hash__"] is None and "__eq__" in cls.__dict__)
    for name, method in (_METHODS | _FROZEN if frozen else _METHODS).items():
        if (name == "__hash__" and not explicit_hash) or name not in cls.__dict__:  # a class's own wins
            setattr(cls, name, method)
    if not frozen and not explicit_hash:
        cls.__hash__ = None  # type: ignore[assignment]  # compared by value and changeable: unhashable
    return cls


@overload
def record(cls: _C, /) -> _C: ...
@overload
def record(*, kw_only: bool = False, frozen: bool = True) -> Callable[[_C], _C]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: Any = None, /, *, kw_only: bool = False, frozen: bool = True) -> Any:
    """Make ``cls`` a record: ``@record``, ``@record(kw_only=True)``; ``frozen=False`` for
    one whose fields may be set after it is made (no __hash__, as with dataclasses)."""
    if cls is None:
        return lambda c: _make(c, kw_only, frozen)
    return _make(cls, kw_only, frozen)


def fields(obj: Any) -> tuple[Field, ...]:
    """The record's fields in order (a record class or instance), like ``dataclasses.fields``."""
    made: Any = obj if isinstance(obj, type) else type(obj)
    return tuple(made.__record_fields__)


def replace(obj: _T, /, **changes: Any) -> _T:
    """A copy of ``obj`` with some fields changed, through ``__init__`` (so ``__post_init__`` runs)."""
    values = {f.name: obj.__dict__[f.name] for f in type(obj).__record_fields__}  # type: ignore[attr-defined]
    for key in changes:
        if key not in values:
            raise TypeError(f"{type(obj).__qualname__} has no field {key!r}")
    values.update(changes)
    return type(obj)(**values)

