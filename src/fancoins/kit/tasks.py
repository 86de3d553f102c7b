"""Stopping background tasks within a bound, even when a library swallowed their cancellation.

redis-py (8.1) can lose a `CancelledError` that lands mid-command while the task still counts
the request (`Task.cancelling()`): a loop that goes on after it never ends, and whoever waits
for it to stop waits forever. Loops call `stop_if_cancelled` each round; owners stop their
tasks with `cancel_all`, which gives up waiting after a bound and says so.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection

import structlog

log = structlog.get_logger(__name__)

# How long an owner waits for its cancelled tasks before it goes on without them.
STOP_WAIT_S = 5.0


def stop_if_cancelled() -> None:
    """Raise the cancellation a library swallowed (see the module docstring)."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


async def cancel_all(tasks: Collection[asyncio.Task[object]], what: str,
                     wait_s: float = STOP_WAIT_S) -> None:
    """Cancel `tasks` and wait, at most `wait_s`, for them to end; those still running are
    logged (and left cancelled): a stop never hangs on one."""
    if not tasks:
        return
    for task in tasks:
        task.cancel()
    _, pending = await asyncio.wait(tasks, timeout=wait_s)
    for task in pending:
        task.cancel()  # once more: it may still reach a check
        log.error("task_did_not_stop", what=what, task=task.get_name(), waited_s=wait_s)
