"""Which answer of a shared entry each of the supervisor's comments is on.

The app's view, `reflect read` and `reflect read --json` all place comments
by `reading.comments_by_answer`: a comment pinned to an answer shows under
it, and one pinned to nothing, or to a step this version no longer has (the
supervisee changed the entry and shared it again), shows on the whole entry
rather than vanishing.
"""

from __future__ import annotations

from reflect.core.reading import comments_by_answer
from reflect.core.sharing import Comment


def _comment(body: str, step_id: str | None) -> Comment:
    return Comment(
        id=body,
        entry_id="e",
        version=2,
        step_id=step_id,
        author="Sam",
        body=body,
        created_at="2026-12-01T10:00:00+00:00",
    )


def test_each_comment_is_under_its_answer_or_on_the_whole_entry() -> None:
    answers = [
        {"step_id": "what", "question": "What happened?", "response": "A lot"},
        {"step_id": "so", "question": "So what?", "response": ""},  # blank: kept
        {"step_id": "now", "question": "Now what?", "response": "Rest"},
    ]
    comments = [
        _comment("on what", "what"),
        _comment("on the whole", None),
        _comment("on now", "now"),
        _comment("on a step since removed", "feelings"),
        _comment("on what, again", "what"),
    ]
    on_answers, whole = comments_by_answer(answers, comments)
    assert [[c.body for c in on] for on in on_answers] == [
        ["on what", "on what, again"],
        [],
        ["on now"],
    ]
    assert [c.body for c in whole] == ["on the whole", "on a step since removed"]


def test_an_entry_without_answers_has_every_comment_on_the_whole() -> None:
    on_answers, whole = comments_by_answer([], [_comment("hello", "what")])
    assert on_answers == [] and [c.body for c in whole] == ["hello"]
