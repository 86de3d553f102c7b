"""The route of a request to a fixed path, found once per path instead of once per request.

The app's router tries its routes in order, and each domain's included router tries its own
routes in turn: ~70 us of CPU for `POST /v1/gifts/send` or `GET /v1/ping`, about a sixth
of the no-op request, paid again by every request. Which route takes a request to a path
without parameters depends only on the scope's type, method and path, and the routes do not
change once the app serves. `KnownPaths`, put first in the app's routes, remembers the route
the router's own scan chose for each such request and hands the request straight to it;
everything else (paths with parameters, methods no route takes, mounts) goes on to the scan
as before.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.routing import BaseRoute, Match, Mount
from starlette.types import Receive, Scope, Send

_SELECTED = "fancoins.route"
_UNKNOWN = object()
# Remembered answers per path: its methods (and scope types), a client's made-up methods
# included; past this many per path the router's own scan answers the rest.
ANSWERS_PER_PATH_MAX = 16


class KnownPaths(BaseRoute):
    """The first route that fully matches a request to one of `paths` (the app's
    parameterless API paths), remembered per (type, method, path)."""

    def __init__(self, routes: list[BaseRoute], paths: Iterable[str]) -> None:
        self._routes = routes  # the app's own list: the scan order this route stands for
        self._paths = frozenset(paths)
        self._chosen: dict[tuple[str, str, str], BaseRoute | None] = {}
        self._chosen_max = len(self._paths) * ANSWERS_PER_PATH_MAX

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope.get("path", "")
        if path not in self._paths or scope.get("root_path"):
            return Match.NONE, {}
        key = (scope["type"], scope.get("method", ""), path)
        route = self._chosen.get(key, _UNKNOWN)
        if route is _UNKNOWN:
            if len(self._chosen) >= self._chosen_max:
                return Match.NONE, {}
            route = self._chosen[key] = self._first_full_match(scope)
        if not isinstance(route, BaseRoute):  # e.g. a method no route takes: the router's
            return Match.NONE, {}  # scan answers (405 or 404), as before
        match, child_scope = route.matches(scope)
        if match is not Match.FULL:
            return Match.NONE, {}
        return Match.FULL, {**child_scope, _SELECTED: route}

    def _first_full_match(self, scope: Scope) -> BaseRoute | None:
        for route in self._routes:
            if route is self:
                continue
            match, _ = route.matches(scope)
            if match is Match.FULL:
                # The router tells the route it chose its path template (tracing): a route
                # that has one is left to the router's own scan, so that stays as it was.
                if isinstance(route, Mount) or getattr(route, "path_format", None) is not None:
                    return None
                return route
        return None

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        route: BaseRoute = scope.pop(_SELECTED)
        await route.handle(scope, receive, send)


def parameterless_paths(routes: Iterable[BaseRoute]) -> set[str]:
    """The paths of `routes` (API routers' routes) that take no path parameter."""
    return {path for route in routes
            if isinstance(path := getattr(route, "path", None), str) and "{" not in path}
