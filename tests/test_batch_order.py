"""cli/batch_order.py: a batch's files go to workers by language, each exactly once, and no
worker waits while another has files left."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from careplan.cli.batch_files import Job
from careplan.cli.batch_order import HEAD_BYTES, Queues, kind


def test_a_files_language_and_country_are_read_from_yaml_or_json(tmp_path: Path) -> None:
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_text("version: 1\nage: 40\nregion: GB\nlanguage: 'ar'\nnotes: 'language: zh'\n")
    json_file = tmp_path / "b.json"
    json_file.write_text(json.dumps({"version": 1, "language": "pt-BR", "region": "br"}))
    bare = tmp_path / "c.yaml"
    bare.write_text("version: 1\nage: 40\npreferred_language: de\n")  # not the field: no match
    assert kind(yaml_file) == ("ar", "gb")  # the first of each field; letters folded
    assert kind(json_file) == ("pt-br", "br")
    assert kind(bare) == (None, None)
    assert kind(tmp_path / "missing.yaml") == (None, None)  # unreadable: goes with the files of no kind
    assert kind(yaml_file, lang="es") == ("es", "gb")  # --lang wins over the file
    assert kind(json_file, lang="es", region="US") == ("es", "US")  # both given: the file is not read


def test_a_pipe_is_not_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)  # no writer: reading it would block
    assert kind(fifo) == (None, None)


def test_only_the_start_of_a_long_file_is_read(tmp_path: Path) -> None:
    long_file = tmp_path / "long.yaml"
    long_file.write_text("notes: '" + "x" * HEAD_BYTES + "'\nlanguage: ru\n")
    assert kind(long_file) == (None, None)


def _jobs(n: int) -> list[Job]:
    return [Job(Path(f"in/{k:03d}.yaml"), Path(f"out/{k:03d}.pdf")) for k in range(n)]


def test_each_language_goes_to_one_worker_in_the_order_named_by_country() -> None:
    kinds = [("en", "gb"), ("ar", "gb"), ("en", "us"), ("zh", None), ("ar", "eg"), ("en", "gb"), ("ar", "gb")]
    jobs = _jobs(len(kinds))
    queues = Queues(jobs, kinds, 2)
    own = [list(q) for q in queues.queues]
    # en (3) and ar (3) are the largest: one worker each; zh goes to the less loaded (the first, on a tie)
    assert own[0] == [jobs[0], jobs[5], jobs[2], jobs[3]]  # en: GB in their order, then US; then zh
    assert own[1] == [jobs[4], jobs[1], jobs[6]]  # ar: EG, then GB in their order


def test_a_worker_out_of_its_own_takes_the_last_of_the_longest_queue() -> None:
    kinds = [("en", None)] * 5 + [("ar", None)]
    jobs = _jobs(len(kinds))
    queues = Queues(jobs, kinds, 2)
    assert queues.take(1) == jobs[5]  # its own
    assert queues.take(1) == jobs[4]  # none left of its own: the end of the other's
    assert queues.take(0) == jobs[0]  # the other goes on from its start
    assert list(queues.rest()) == jobs[1:4]
    assert queues.take(0) is None and queues.take(1) is None


@given(st.lists(st.tuples(st.sampled_from(["en", "ar", "zh", "ru", None]), st.sampled_from(["gb", "us", None])),
                max_size=60),
       st.integers(1, 5), st.lists(st.integers(0, 4), max_size=200))
def test_every_job_is_handed_out_exactly_once_whoever_asks(kinds: list, workers: int, askers: list[int]) -> None:
    jobs = _jobs(len(kinds))
    queues = Queues(jobs, kinds, workers)
    langs = [{kinds[jobs.index(j)][0] for j in q} for q in queues.queues]
    assert all(not (a & b) for i, a in enumerate(langs) for b in langs[i + 1:])  # a language is one worker's
    taken = []
    for asker in askers:
        job = queues.take(asker % workers)
        if job is None:  # only when nothing at all is left
            assert not any(queues.queues)
        else:
            taken.append(job)
    taken += list(queues.rest())
    assert sorted(taken, key=jobs.index) == jobs
