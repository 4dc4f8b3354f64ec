"""The page turns among the handout's last blocks (render/ending.py): the
search tries the fewest turns first; it must choose exactly what trying
every way in turn chooses (the reference below)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from careplan.render.ending import page_turns


def every_way(heights: list[float], first: float, page: float, used: float) -> list[list[int]] | None:
    """Every way to turn the pages, in order of its bit mask: the fewest pages,
    then the emptiest page fullest, then the next emptiest (the last counting
    twice), then the first found."""
    if max(heights) > page:
        return None
    n, best, best_key = len(heights), None, None
    for mask in range(2 ** n):  # bit i: the page turns before block i
        if mask & 1 and used < 1:
            continue
        groups: list[list[int]] = [[]]
        for i in range(n):
            if mask >> i & 1:
                groups.append([])
            groups[-1].append(i)
        sizes = [sum(heights[i] for i in g) for g in groups]
        if sizes[0] > first or any(size > page for size in sizes[1:]):
            continue
        fills = [used + sizes[0], *sizes[1:]]
        key = (len(groups), tuple(-f for f in sorted([*fills[:-1], min(page, fills[-1] * 2)])))
        if best_key is None or key < best_key:
            best, best_key = groups, key
    return best


height = st.one_of(st.floats(1, 700), st.sampled_from([50.0, 100.0, 200.0, 325.0]))


@settings(max_examples=400, deadline=None)
@given(heights=st.lists(height, min_size=1, max_size=8), first=st.one_of(st.floats(0, 700), st.just(300.0)),
       page=st.one_of(st.floats(300, 700), st.just(650.0)), used=st.one_of(st.floats(0, 600), st.just(0.0)))
def test_the_fewest_turns_first_chooses_as_trying_every_way(heights, first, page, used) -> None:
    assert page_turns(heights, first, page, used) == every_way(heights, first, page, used)


def test_two_pages_with_the_last_not_left_with_a_few_lines() -> None:
    # room here for two blocks, but then the last page holds one: one here, two there
    assert page_turns([100.0, 100.0, 100.0], 250.0, 600.0, 300.0) == [[0], [1, 2]]
    assert page_turns([100.0, 100.0, 100.0], 350.0, 600.0, 300.0) == [[0, 1, 2]]  # all fit here
    assert page_turns([700.0], 650.0, 650.0, 0.0) is None


def test_of_two_ways_with_the_same_emptiest_page_the_next_emptiest_decides() -> None:
    # block 0 alone fits here (this page then 200 full, either way); then [300] and
    # [250, 250] leave a page at 300, [300, 250] and [250] none under 500 (the last counts twice)
    assert page_turns([100.0, 300.0, 250.0, 250.0], 150.0, 600.0, 100.0) == [[0], [1, 2], [3]]
