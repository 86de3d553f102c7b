"""Serve the web app at /app (and `/` → `/app/`), plus the dev sign-in outside production.

Called by `create_app` after every API router, so the API always wins a path.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

from fancoins.config import Mode, Settings
from fancoins.web.dev import router as dev_router

STATIC_DIR = Path(__file__).parent / "static"

# The vendored modules are .mjs: a module script must be served as JavaScript, whatever the
# host's mime.types says.
mimetypes.add_type("text/javascript", ".mjs")
APP_PATH = "/app"

# The pages load only their own scripts and styles and talk only to this origin (HTTP and
# WebSocket), and show gift images from this origin or, set by an operator, any https URL.
# No referrer: the overlay URL carries a token.
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
        "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'self'; object-src 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",  # revalidate: a new release is seen at once
}


# The bundled gift artwork changes only with a release; everything else revalidates.
ARTWORK_DIR = "gifts/"


class WebFiles(StaticFiles):
    """StaticFiles with the web app's security and caching headers."""

    def __init__(self, *, directory: Path, artwork_max_age_s: int) -> None:
        super().__init__(directory=directory, html=True)
        self._artwork_cache = f"public, max-age={artwork_max_age_s}"

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(_HEADERS)
        if path.startswith(ARTWORK_DIR) and response.status_code in (200, 304):
            response.headers["Cache-Control"] = self._artwork_cache
        return response


async def _to_app(request: Request) -> RedirectResponse:
    # Keep the query: Stripe's success and cancel URLs land on `/?checkout=...`.
    query = request.url.query
    return RedirectResponse(f"{APP_PATH}/" + (f"?{query}" if query else ""), status_code=302)


def mount_web(app: FastAPI, settings: Settings) -> None:
    if settings.mode is not Mode.PRODUCTION:
        app.include_router(dev_router)
    app.add_api_route("/", _to_app, methods=["GET"], include_in_schema=False)
    app.mount(APP_PATH, WebFiles(directory=STATIC_DIR,
                                 artwork_max_age_s=settings.gifts.artwork_max_age_s), name="web")
