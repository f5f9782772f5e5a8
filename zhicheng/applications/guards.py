"""Rules that later stages add to a case's transitions, without applications importing them.

A later app (publicity, evaluation, …) registers a guard for an action when it starts; the transition
service runs every guard of its action, so the rule holds wherever the transition is called from.
A guard raises Conflict (or another DomainError) with the reason and its clause.
"""

from collections import defaultdict
from collections.abc import Callable

_GUARDS: dict[str, list[Callable]] = defaultdict(list)


def register(action: str, guard: Callable) -> None:
    if guard not in _GUARDS[action]:
        _GUARDS[action].append(guard)


def run(action: str, application) -> None:
    for guard in _GUARDS[action]:
        guard(application)
