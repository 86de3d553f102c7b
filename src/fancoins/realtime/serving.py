"""How the server must be configured for LIVE's WebSocket, in one place: `fancoins serve`,
the benchmarks and the tests' servers all start uvicorn with these options."""

from __future__ import annotations

from typing import Any

from fancoins.config import Settings
from fancoins.realtime.wire import WEBSOCKET_IMPLEMENTATION


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The WebSocket options for `uvicorn.run` / `uvicorn.Config`.

    - `ws`: named, never left to uvicorn's default: LIVE writes prepared frames straight to
      this implementation's transport (see `wire.py`).
    - `ws_max_size`: what one incoming message may hold. uvicorn's parser refuses a bigger
      one from its header, before reading or buffering its body, and closes with 1009
      (uvicorn's default, 16 MiB, let a viewer make the server buffer that much per message).
    """
    return {"ws": WEBSOCKET_IMPLEMENTATION, "ws_max_size": settings.live.ws_message_bytes_max}
