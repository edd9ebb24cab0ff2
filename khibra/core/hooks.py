"""Explicit extension points between layers.

An app may import only from the layers below it (docs/architecture.md). When a lower app must let
a higher one react to its changes (a profile edit refreshes the match index, accepting an
application opens an engagement), the lower app declares a `Hook` in its own `hooks.py` and calls
it; the higher app registers a receiver in its `AppConfig.ready()`. Unlike Django signals, a hook
is declared where it is fired, its receivers run in the caller's transaction and in registration
order, and an exception in a receiver reaches the caller: a business rule never fails silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str, doc: str = ""):
        self.name = name
        self.__doc__ = doc or name
        self._receivers: list[Callable[..., Any]] = []

    def register(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        """Add `receiver` once (ready() may run more than once in tests); usable as a decorator."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def __call__(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Call every receiver and return their answers in registration order."""
        return [receiver(*args, **kwargs) for receiver in self._receivers]

    def first(self, *args: Any, default: Any = None, **kwargs: Any) -> Any:
        """The first receiver's answer that is not None: for a hook that asks a question."""
        for receiver in self._receivers:
            answer = receiver(*args, **kwargs)
            if answer is not None:
                return answer
        return default

    @property
    def receivers(self) -> tuple[Callable[..., Any], ...]:
        return tuple(self._receivers)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receiver(s)>"
