"""The application factory: one FastAPI app with every domain's router."""

from __future__ import annotations

import functools
import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from starlette.routing import BaseRoute

from fancoins import __version__
from fancoins.accounts.endpoints import router as accounts_router
from fancoins.api.auth import AdminPrincipal
from fancoins.api.deps import ContainerDep, ReadConnection
from fancoins.api.docs import description, install_docs, operation_id
from fancoins.api.limits import InputLimits
from fancoins.api.problems import PROBLEM_JSON, install_problem_handlers, problem_responses
from fancoins.api.ratelimit import rate_limit
from fancoins.api.routing import KnownPaths, parameterless_paths
from fancoins.api.strict import reject_unknown_query
from fancoins.artwork.endpoints import router as artwork_router
from fancoins.battles.endpoints import router as battles_router
from fancoins.config import Mode, Settings, load_settings
from fancoins.container import running
from fancoins.fanclubs.endpoints import router as fanclubs_router
from fancoins.finance.endpoints import router as finance_router
from fancoins.gifts.endpoints import router as gifts_router
from fancoins.goals.endpoints import router as goals_router
from fancoins.identity.endpoints import keys_router as api_keys_router
from fancoins.identity.endpoints import router as users_router
from fancoins.live.endpoints import router as live_router
from fancoins.observability import REGISTRY, MetricsMiddleware, configure_logging
from fancoins.operator.endpoints import router as operator_router
from fancoins.overlay.endpoints import router as overlay_router
from fancoins.payouts.endpoints import router as payouts_router
from fancoins.promotions.endpoints import router as promotions_router
from fancoins.promotions.schemas import document_rules as document_promotion_rules
from fancoins.purchases.endpoints import router as purchases_router
from fancoins.safety.endpoints import router as safety_router
from fancoins.streams.endpoints import router as streams_router
from fancoins.wallet.endpoints import router as wallet_router
from fancoins.web.mount import mount_web
from fancoins.webhooks.endpoints import router as webhooks_router

health = APIRouter(tags=["health"])
metrics = APIRouter(tags=["health"])


@health.get("/healthz")
async def healthz(connection: ReadConnection, container: ContainerDep) -> dict[str, str]:
    """Liveness and database reachability; no authentication."""
    # With Redis configured, how LIVE fans out: `fanout` is `redis`, or `local` with
    # `status: degraded` and the `reason` while Redis is unreachable. Still 200: the process
    # serves, and its viewers get every event (from the stream's log, a little later).
    await connection.execute(text("SELECT 1"))
    answer = {"status": "ok", "database": "ok"}
    fanout = container.live.health() if container.live is not None else None
    if fanout is not None and fanout.mode == "redis":
        answer["fanout"] = "redis" if fanout.up else "local"
        if fanout.degraded:
            answer.update(status="degraded", reason=fanout.reason)
    return answer


@metrics.get("/metrics", response_class=PlainTextResponse,
             responses=problem_responses(401, 403))
async def prometheus_metrics(_: AdminPrincipal) -> PlainTextResponse:
    """Prometheus metrics (admin scope: scrape with a bearer token)."""
    return PlainTextResponse(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)


# Every API route checks its query for unknown parameters and counts against the rate limits.
APP_DEPENDENCIES = [Depends(reject_unknown_query), Depends(rate_limit)]
DOMAIN_ROUTERS = (health, metrics, users_router, api_keys_router, accounts_router,
                  operator_router, payouts_router, promotions_router, gifts_router,
                  streams_router, safety_router, purchases_router, wallet_router, live_router,
                  finance_router, webhooks_router, battles_router, goals_router,
                  fanclubs_router, overlay_router, artwork_router)


@functools.cache
def _api_routes() -> tuple[BaseRoute, ...]:
    """Every domain's routes, included once per process and shared by every app it builds.
    FastAPI builds an included route's handler (its dependency tree, its request and response
    models) on the first request to each new app: ~0.4 s of CPU per app, paid again by every
    test that builds one. Nothing in these routes belongs to one app: the request reaches its
    app through the ASGI scope, and no app overrides dependencies (a shared route does not see
    `app.dependency_overrides`)."""
    shared = APIRouter(dependencies=APP_DEPENDENCIES, generate_unique_id_function=operation_id)
    for router in DOMAIN_ROUTERS:
        shared.include_router(router)
    return tuple(shared.routes)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(settings) as container:
            app.state.container = container
            frozen = settings.mode is Mode.PRODUCTION
            if frozen:
                _freeze_startup_heap()
            try:
                yield
            finally:
                if frozen:
                    gc.unfreeze()  # what stays after the app is the collector's again

    app = FastAPI(
        title="fancoins",
        version=__version__,
        description=description(
            "Virtual coins, live gifts, diamonds and payouts for creator platforms."),
        docs_url=None, redoc_url=None,  # served from vendored assets: see api/docs.py
        generate_unique_id_function=operation_id,
        lifespan=lifespan,
        dependencies=APP_DEPENDENCIES,
    )
    configure_logging(json_logs=settings.mode is Mode.PRODUCTION)
    app.add_middleware(InputLimits, body_max_bytes=settings.http.request_body_max_bytes,
                       limits_by_path=_body_limits(settings))
    app.add_middleware(MetricsMiddleware)  # outermost: counts refused requests too
    install_problem_handlers(app)
    app.router.routes.extend(_api_routes())
    install_docs(app)
    mount_web(app, settings)  # after every router: the API wins any path
    # Ahead of them all: the route of each parameterless API path, found once.
    app.router.routes.insert(0, KnownPaths(app.router.routes, parameterless_paths(
        route for router in DOMAIN_ROUTERS for route in router.routes)))
    _declare_problem_schemas(app, settings)
    return app


def _body_limits(settings: Settings) -> dict[str, int]:
    """Store and payment-provider notifications are a few KiB: anything far larger is not
    theirs, and is refused unread."""
    webhook = settings.http.webhook_body_max_bytes
    return {"/v1/webhooks/stripe": webhook, "/v1/notifications/apple": webhook,
            "/v1/notifications/google": webhook,
            "/v1/webhooks/paypal": settings.paypal.webhook_body_bytes_max}


def _freeze_startup_heap() -> None:
    """Move everything alive after startup (modules, routes, models, settings: the heap that
    lives as long as the process) out of the garbage collector's sight. Measured: a gift
    request waits for its batch's commit, so 64 in flight keep their objects alive across
    the wait and young collections come often; each older collection then scanned this
    whole heap again, ~60 us of CPU per gift request (the no-op endpoint never waits and
    hardly triggers one). Nothing is collected differently in effect: the frozen objects
    live as long as the app (one freed earlier is still freed by reference counting; only a
    cycle among them would wait for `gc.unfreeze()` when the app stops). Production only:
    the test suite, which builds many apps in one process, keeps the usual collector."""
    gc.collect()
    gc.freeze()


def _declare_problem_schemas(app: FastAPI, settings: Settings) -> None:
    """Every body-taking operation may answer 400 (malformed JSON), every operation 422
    (validation, unknown query parameters), and every authenticated one 429 (rate limits,
    repeated failed authentications), as problem+json. Bounds and choices that the
    economy file sets are written in from the running configuration."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                responses = operation.setdefault("responses", {})
                problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/ProblemBody"}}}
                if "requestBody" in operation and "400" not in responses:
                    responses["400"] = {"description": "Malformed JSON", "content": problem}
                responses.setdefault("422", {"description": "Invalid request", "content": problem})
                if "security" in operation:  # authenticated: rate limits and auth failures
                    responses.setdefault("429", {
                        "description": "Too many requests: nothing was applied; retry after "
                                       "the Retry-After header's seconds",
                        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                        "content": problem})
        document_promotion_rules(schema, settings.economy)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
