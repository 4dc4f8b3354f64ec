"""Values worked out once per object in a process: a picture's figures, its
boxes, its digest, its flowable at one size.

Looked up by the object's id, with the object itself kept beside the value:
an id is handed to a new object once the old one is gone, and the entry
keeps its object alive, so while an entry is kept no other object can have
its id (and a hit is still checked to be the very object).
Pictures are made once per process (the content), so in practice a few
dozen entries; past the limit all are forgotten at once, never unbounded.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

V = TypeVar("V")


class PerObject(Generic[V]):
    """A value per (object, extra key parts), the object matched by identity."""

    def __init__(self, limit: int = 512) -> None:
        self._kept: dict[tuple[Any, ...], tuple[object, V]] = {}
        self._limit = limit

    def get(self, obj: object, *parts: Any) -> V | None:
        hit = self._kept.get((id(obj), *parts))
        return hit[1] if hit is not None and hit[0] is obj else None

    def put(self, obj: object, value: V, *parts: Any) -> V:
        if len(self._kept) >= self._limit:
            self._kept.clear()
        self._kept[(id(obj), *parts)] = (obj, value)
        return value
