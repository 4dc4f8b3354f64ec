"""careplan.records behaves as the frozen dataclasses it replaced: the same class,
written both ways, gives the same results, so the swap changed nothing but
the cost of defining a class."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from dataclasses import field
from typing import Any, ClassVar

import pytest

from careplan import records
from careplan.records import record


@dataclasses.dataclass(frozen=True)
class DC:
    a: int
    b: str = "b"
    c: tuple[int, ...] = field(default_factory=tuple)
    hidden: object = field(default=None, repr=False)
    LIMIT: ClassVar[int] = 3


@record
class RC:
    a: int
    b: str = "b"
    c: tuple[int, ...] = field(default_factory=tuple)
    hidden: object = field(default=None, repr=False)
    LIMIT: ClassVar[int] = 3


CALLS = [((1,), {}), ((1, "x"), {}), ((), {"a": 2, "c": (1, 2)}), ((1,), {"hidden": [1]}), ((1, "y", (3,)), {})]


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_a_record_is_built_shown_and_compared_as_the_dataclass_is(args: Any, kwargs: Any) -> None:
    d, r = DC(*args, **kwargs), RC(*args, **kwargs)
    assert repr(r) == repr(d).replace("DC(", "RC(")
    assert dataclasses.astuple(d) == tuple(getattr(r, f.name) for f in records.fields(r))
    assert r == RC(*args, **kwargs)
    if kwargs.get("hidden") is None:
        assert hash(r) == hash(RC(*args, **kwargs))
    assert r != RC(99) and r != d  # type: ignore[comparison-overlap]  # another class is never equal, as with dataclasses
    assert [f.name for f in records.fields(RC)] == [f.name for f in dataclasses.fields(DC)]
    assert RC.LIMIT == 3 and "LIMIT" not in RC.__match_args__


@pytest.mark.parametrize(("args", "kwargs"), [((), {}), ((1, "x", (), None, 5), {}), ((1,), {"z": 1}),
                                              ((1,), {"a": 1})])
def test_wrong_arguments_are_refused_as_by_the_dataclass(args: Any, kwargs: Any) -> None:
    with pytest.raises(TypeError):
        DC(*args, **kwargs)
    with pytest.raises(TypeError):
        RC(*args, **kwargs)


def test_a_record_is_frozen_and_each_default_factory_runs_per_instance() -> None:
    r = RC(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.a = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del r.a

    @record
    class Bag:
        items: list[int] = field(default_factory=list)

    assert Bag().items is not Bag().items


def test_replace_keeps_the_rest_runs_post_init_and_refuses_unknown_fields() -> None:
    seen = []

    @record
    class Checked:
        n: int
        label: str = "x"

        def __post_init__(self) -> None:
            seen.append(self.n)
            if self.n < 0:
                raise ValueError("negative")

    c = Checked(1, "keep")
    assert records.replace(c, n=2) == Checked(2, "keep") and seen == [1, 2, 2]
    with pytest.raises(ValueError):
        records.replace(c, n=-1)
    with pytest.raises(TypeError):
        records.replace(c, missing=1)


@record(kw_only=True)
class Base:
    a: int
    b: int = 2


@record(kw_only=True)
class Child(Base):
    c: int


def test_kw_only_inheritance_pickle_and_copy() -> None:
    with pytest.raises(TypeError):
        Base(1)  # type: ignore[call-arg]
    child = Child(a=1, c=3)
    assert [f.name for f in records.fields(child)] == ["a", "b", "c"] and child.b == 2
    for again in (pickle.loads(pickle.dumps(child)), copy.copy(child), copy.deepcopy(child)):
        assert again == child and type(again) is Child


def test_field_options_a_record_cannot_honour_are_refused_when_the_class_is_defined() -> None:
    for option in ({"init": False}, {"compare": False}, {"hash": False}, {"metadata": {"a": 1}}):
        with pytest.raises(TypeError, match="default, default_factory and repr only"):
            record(type("Bad", (), {"__annotations__": {"x": "int"}, "x": field(default=0, **option)}))
    with pytest.raises(TypeError, match="without a default follows"):
        record(type("Bad", (), {"__annotations__": {"x": "int", "y": "int"}, "x": 0}))


def test_a_record_made_with_frozen_false_is_changeable_and_unhashable_as_a_plain_dataclass() -> None:
    @dataclasses.dataclass
    class Plain:
        n: int
        seen: list[int] = field(default_factory=list)

        def __post_init__(self) -> None:
            self.n = abs(self.n)

    @record(frozen=False)
    class Loose:
        n: int
        seen: list[int] = field(default_factory=list)

        def __post_init__(self) -> None:
            self.n = abs(self.n)

    p, r = Plain(-3), Loose(-3)
    assert r.n == p.n == 3 and repr(r).endswith("Loose(n=3, seen=[])") and repr(p).endswith("Plain(n=3, seen=[])")
    r.n = 5
    assert r == Loose(5) and r != Loose(6)
    with pytest.raises(TypeError):
        hash(r)
    with pytest.raises(TypeError):
        hash(p)
    assert records.replace(r, n=-7).n == 7


def test_kw_only_belongs_to_the_class_that_declares_it_as_with_dataclasses() -> None:
    @dataclasses.dataclass(frozen=True, kw_only=True)
    class DP:
        a: int

    @dataclasses.dataclass(frozen=True)
    class DC2(DP):
        b: int

    @record(kw_only=True)
    class RP:
        a: int

    @record
    class RC2(RP):
        b: int

    assert repr(RC2(1, a=2)).endswith("RC2(a=2, b=1)") and repr(DC2(1, a=2)).endswith("DC2(a=2, b=1)")
    assert RC2.__match_args__ == DC2.__match_args__ == ("b",)

    @record
    class Plain:
        a: int

    @record(kw_only=True)
    class Keyed(Plain):
        b: int = 0
        c: int  # a keyword-only field may follow one with a default

    assert Keyed(1, c=3) == Keyed(a=1, b=0, c=3) and Keyed.__match_args__ == ("a",)
    with pytest.raises(TypeError):
        Keyed(1, 2, 3)  # type: ignore[call-arg]


def test_a_frozen_record_with_its_own_eq_is_still_hashable_as_a_frozen_dataclass_is() -> None:
    @record
    class Loose:
        a: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose)

        __hash__ = None  # type: ignore[assignment]  # what Python itself puts there

    @record
    class Own:
        a: int

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Own)

    assert hash(Own(1)) == hash(Own(1)) and Own(1) == Own(2)
    assert Loose.__hash__ is not None  # as a frozen dataclass: __hash__ = None beside __eq__ is Python's


def test_what_dataclasses_refuse_a_record_refuses_and_inherited_defaults_carry_over() -> None:
    with pytest.raises(ValueError, match="mutable default"):
        record(type("Bad", (), {"__annotations__": {"x": "list[int]"}, "x": []}))
    with pytest.raises(TypeError, match="no type annotation"):
        record(type("Bad", (), {"__annotations__": {}, "x": field(default=1)}))
    for special in ("InitVar[int]", "dataclasses.InitVar[int]", "KW_ONLY", "dataclasses.KW_ONLY"):
        with pytest.raises(TypeError, match="a record has no"):
            record(type("Bad", (), {"__annotations__": {"x": special}}))
    aliased = record(type("Aliased", (), {"__annotations__": {"K": "t.ClassVar[int]", "x": "int"}, "K": 3}))
    assert [f.name for f in records.fields(aliased)] == ["x"]

    @record
    class Base:
        a: int = 1

    @record
    class Again(Base):
        a: int  # re-annotated: keeps the inherited default, as with dataclasses

    assert Again().a == 1  # type: ignore[call-arg]

    @record(frozen=False)
    class Changeable:
        a: int

    with pytest.raises(TypeError, match="frozen and a changeable"):
        record(type("Mixed", (Changeable,), {"__annotations__": {"b": "int"}}))


def test_a_record_that_holds_itself_has_a_repr() -> None:
    @record(frozen=False)
    class Node:
        items: list[object] = field(default_factory=list)

    node = Node()
    node.items.append(node)
    assert repr(node).endswith("Node(items=[...])")
