"""Request limits out of reach for tests about something else.

The defaults allow 20 gifts a second per user: a storm test on a fast machine sends faster than
that, and would be answered 429 on one machine and pass on another. Tests of the limits
themselves (tests/api/test_rate_limits.py) pass their own values, which win over these.
"""

from __future__ import annotations

from fancoins.config import RateLimitSettings, env_name

OUT_OF_REACH = "1000000/second"
RATE_LIMITS_OUT_OF_REACH: dict[str, str] = {
    f"rate_limits__{name}": OUT_OF_REACH for name in RateLimitSettings.model_fields
    if "_per_" in name
}
RATE_LIMITS_OUT_OF_REACH_ENV: dict[str, str] = {
    env_name(name.replace("__", ".")): value for name, value in RATE_LIMITS_OUT_OF_REACH.items()
}
