"""Unknown query parameters are refused: `?limt=10` is a typo to report, not to ignore."""

from __future__ import annotations

from fastapi.dependencies.models import Dependant
from starlette.requests import HTTPConnection

from fancoins.kit.errors import InvalidRequest

_known_by_route: dict[int, frozenset[str]] = {}


class UnknownQueryParameter(InvalidRequest):
    slug = "unknown-query-parameter"
    title = "Unknown query parameter"


def _known(route: object) -> frozenset[str] | None:
    """The query parameters a route declares; None for routes outside the API schema (the web
    app's redirects pass any query through)."""
    dependant = getattr(route, "dependant", None)
    if dependant is None or not getattr(route, "include_in_schema", True):
        return None
    known = _known_by_route.get(id(route))
    if known is None:
        known = frozenset(_query_names(dependant))
        _known_by_route[id(route)] = known
    return known


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def reject_unknown_query(connection: HTTPConnection) -> None:
    if connection.scope["type"] != "http" or not connection.query_params:
        return
    known = _known(connection.scope.get("route"))
    if known is None:
        return
    unknown = sorted(set(connection.query_params) - known)
    if unknown:
        raise UnknownQueryParameter(f"not accepted here: {', '.join(unknown)[:200]}")
