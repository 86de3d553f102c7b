"""API docs that work offline: Swagger UI at /docs, ReDoc at /redoc, the LIVE WebSocket's
AsyncAPI document at /asyncapi.json and the guides of the repository's docs/ folder at
/guides/<name>.

Swagger UI and ReDoc are served from files vendored in `static/docs/` (see VENDORED.md
there), never from a CDN: an air-gapped host still gets its docs. FastAPI's own /docs and
/redoc are switched off in `create_app` and replaced by these.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from markdown_it import MarkdownIt

from fancoins.api.asyncapi import build_asyncapi
from fancoins.kit.errors import NotFound

ASSETS_DIR = Path(__file__).parent / "static" / "docs"
ASSETS_PATH = "/docs-assets"
OPENAPI_URL = "/openapi.json"
ASYNCAPI_URL = "/asyncapi.json"
GUIDES_PATH = "/guides"
# Where the guides are: the working directory's docs/ (a checkout, the container image), or
# the source checkout this package runs from (an editable install).
GUIDE_DIRS = (Path.cwd() / "docs", Path(__file__).resolve().parents[3] / "docs")
GUIDE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# The docs pages load only this origin's files: an outside request (ReDoc's footer logo is
# an image on its CDN) is refused by the browser before it is made. The viewers' own setup
# scripts are inline, and ReDoc runs its search in a blob: worker.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'")
# Hides the logo the policy blocks (otherwise a broken image in ReDoc's menu).
_REDOC_STYLE = "img[alt='redocly logo'] { display: none; }"
GUIDES = {
    "integration": "Integration guide: API key, users, purchases, LIVE, gifts, payouts",
    "websocket": "The LIVE WebSocket: authentication, events, close codes, reconnecting",
    "operations": "Operations: settings, production mode, backups, upgrades, metrics",
    "finance": "Finance reports: every figure, its accounting meaning and its derivation",
    "problems": "Problem types: every error the API answers with",
    "events": "Event catalog (outgoing webhooks)",
}


def operation_id(route: APIRoute) -> str:
    """The endpoint function's name (`send_gift`), unique across the app: the SDKs'
    method names are made from it (FastAPI's default adds the path and method)."""
    return route.name


def description(base: str) -> str:
    """The API description shown at the top of /docs and /redoc, with the links an
    integrator needs first."""
    guides = "\n".join(f"- [{text}]({GUIDES_PATH}/{name})" for name, text in GUIDES.items())
    return (f"{base}\n\n"
            f"**Real time:** the LIVE WebSocket `/v1/streams/{{stream_id}}/events` is described "
            f"by its [AsyncAPI document]({ASYNCAPI_URL}) and the "
            f"[WebSocket guide]({GUIDES_PATH}/websocket).\n\n"
            f"**Guides** (the `docs/` folder of the repository):\n{guides}\n\n"
            f"Alternative view: [ReDoc](/redoc).")


def install_docs(app: FastAPI) -> None:
    """Add the docs routes (create the app with docs_url=None and redoc_url=None)."""
    app.mount(ASSETS_PATH, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    title = app.title

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return _self_only(get_swagger_ui_html(
            openapi_url=OPENAPI_URL, title=f"{title} API",
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/swagger-ui/favicon-32x32.png",
            oauth2_redirect_url="/docs/oauth2-redirect"))

    @app.get("/docs/oauth2-redirect", include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=OPENAPI_URL, title=f"{title} API",
            redoc_js_url=f"{ASSETS_PATH}/redoc/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_PATH}/swagger-ui/favicon-32x32.png",
            with_google_fonts=False)
        html = bytes(page.body).decode().replace("</style>", _REDOC_STYLE + "</style>", 1)
        return _self_only(HTMLResponse(html))

    @app.get(ASYNCAPI_URL, include_in_schema=False)
    async def asyncapi(request: Request) -> JSONResponse:
        secure = request.url.scheme in ("https", "wss")
        return JSONResponse(build_asyncapi(request.url.netloc, "wss" if secure else "ws"))

    @app.get(GUIDES_PATH + "/{name}", include_in_schema=False)
    async def guide(name: str) -> HTMLResponse:
        return HTMLResponse(_render_guide(name.removesuffix(".md")))


def _self_only(response: HTMLResponse) -> HTMLResponse:
    response.headers["Content-Security-Policy"] = DOCS_CSP
    return response


def _guide_file(name: str) -> Path:
    if GUIDE_NAME.match(name):
        for directory in GUIDE_DIRS:
            path = directory / f"{name}.md"
            if path.is_file():
                return path
    raise NotFound(f"no guide {name[:64]!r} here; the guides are the docs/ folder of the "
                  "fancoins repository")


def _render_guide(name: str) -> str:
    path = _guide_file(name)
    return _rendered(path, path.stat().st_mtime_ns)


# A few guides, re-rendered only when a file changes (its mtime is part of the key).
@lru_cache(maxsize=32)
def _rendered(path: Path, _mtime_ns: int) -> str:
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    body = markdown.render(path.read_text(encoding="utf-8"))
    # Links between guides are written for the repository (`websocket.md`); here they
    # resolve to /guides/websocket.md, which the route serves too.
    return _PAGE.format(title=_first_heading(path), body=body)


def _first_heading(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip().replace("<", "&lt;")
    return path.stem


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} - fancoins</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
        padding: 0 1rem; color: #1b1f24; }}
pre {{ background: #f4f5f7; padding: .8rem; overflow-x: auto; }}
code {{ font: 14px ui-monospace, monospace; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccd; padding: .3rem .5rem; }}
</style></head>
<body><nav><a href="/docs">API reference</a> · <a href="/guides/integration">Integration</a>
· <a href="/guides/websocket">WebSocket</a> · <a href="/guides/operations">Operations</a>
· <a href="/guides/problems">Problems</a></nav>
{body}</body></html>
"""
