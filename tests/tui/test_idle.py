"""The idle lock's clock: due after the worker's minutes without a touch,
never when the minutes are 0, and a key press starts the wait again.

(The lock itself, covering the screen and saving drafts first, is driven
through the app in test_reflection.py and test_secrets_in_app.py.)
"""

from __future__ import annotations

from reflect.tui.idle import IdleWatch


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_due_after_the_minutes_without_a_touch() -> None:
    ticks = Ticks()
    watch = IdleWatch(ticks)
    ticks.now += 10 * 60 - 1
    assert not watch.due(10)
    ticks.now += 1
    assert watch.due(10)


def test_a_touch_starts_the_wait_again() -> None:
    ticks = Ticks()
    watch = IdleWatch(ticks)
    ticks.now += 9 * 60
    watch.touched()
    ticks.now += 9 * 60
    assert not watch.due(10)


def test_zero_minutes_never_locks_and_seconds_override_the_minutes() -> None:
    ticks = Ticks()
    watch = IdleWatch(ticks)
    ticks.now += 24 * 3600
    assert not watch.due(0)
    watch.seconds = 0.5
    assert watch.due(0)
    watch.seconds = 0
    assert not watch.due(10)
