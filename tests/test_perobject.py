"""PerObject (render/perobject.py): a value per object, found only for that very object."""

from __future__ import annotations

from careplan.render.perobject import PerObject


class Thing:
    pass


def test_a_value_is_found_for_its_object_and_key_parts_only() -> None:
    kept: PerObject[str] = PerObject()
    a, b = Thing(), Thing()
    assert kept.put(a, "a-1", 1) == "a-1"
    assert kept.get(a, 1) == "a-1"
    assert kept.get(a, 2) is None and kept.get(a) is None
    assert kept.get(b, 1) is None


def test_an_entry_keeps_its_object_alive_so_its_id_is_never_another_objects() -> None:
    """Keyed by id: safe only because the object lives as long as its entry."""
    import gc
    import weakref

    kept: PerObject[str] = PerObject()
    obj = Thing()
    alive = weakref.ref(obj)
    kept.put(obj, "value")
    del obj
    gc.collect()
    assert alive() is not None
    others = [Thing() for _ in range(100)]  # made while it lives: none can take its id
    assert all(kept.get(o) is None for o in others)


def test_it_forgets_everything_past_its_limit_and_keeps_working() -> None:
    kept: PerObject[int] = PerObject(limit=3)
    things = [Thing() for _ in range(5)]
    for n, t in enumerate(things):
        kept.put(t, n)
    assert kept.get(things[4]) == 4
    assert sum(kept.get(t) is not None for t in things) <= 3
