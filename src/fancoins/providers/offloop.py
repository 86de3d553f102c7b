"""Blocking provider calls, run off the event loop in their own bounded pool, each with a
deadline.

Apple's verifier (online certificate checks), Google's API client and its token refresh are
synchronous. Run on the event loop they would stall every request and socket of the process
while a provider is slow; on the default executor a stuck provider could take every worker
that the rest of the process needs. Here they get a pool of their own, and the caller is
answered when the deadline passes (`ProviderUnavailable`: retry later) even if the worker
thread is still waiting for the provider (it ends when the library's own timeout fires).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from fancoins.providers.errors import ProviderUnavailable

P = ParamSpec("P")
T = TypeVar("T")


class ProviderCalls:
    def __init__(self, threads_max: int) -> None:
        if threads_max < 1:
            raise ValueError("threads_max must be at least 1")
        self._pool = ThreadPoolExecutor(max_workers=threads_max,
                                        thread_name_prefix="provider-call")

    async def run(self, name: str, timeout_s: float, call: Callable[P, T], *args: P.args,
                  **kwargs: P.kwargs) -> T:
        """`call(*args, **kwargs)` in the pool; `ProviderUnavailable` after `timeout_s`."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, functools.partial(call, *args, **kwargs))
        try:
            return await asyncio.wait_for(future, timeout_s)
        except TimeoutError:
            raise ProviderUnavailable(f"{name} did not answer within {timeout_s:g} s") from None

    def close(self) -> None:
        """Stop taking calls; threads still waiting on a provider end on their own."""
        self._pool.shutdown(wait=False, cancel_futures=True)
