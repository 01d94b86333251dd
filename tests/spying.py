"""A spy on a core function or a service's method: the real one runs, and
each call is kept.

For tests that prove an interface goes through the one core workflow (the
CLI and the app call the same function object), not a copy of its steps. A
method is spied on its class (`spy(monkeypatch, Sharing, "send")`), so every
journal's service is watched; each call's arguments then start with `self`.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest


def spy(
    monkeypatch: pytest.MonkeyPatch, module: ModuleType | type, name: str
) -> list[tuple[Any, ...]]:
    """Wrap `module.name` (or a class's method); the returned list fills with
    each call's arguments."""
    real: Callable[..., Any] = getattr(module, name)
    calls: list[tuple[Any, ...]] = []

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls
