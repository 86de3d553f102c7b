"""The AsyncAPI 3.0 document of the LIVE WebSocket, built from the contract models.

Served at `/asyncapi.json` (with this server's own address) and written to
`docs/asyncapi.json` by `make docs`. The event schemas are the pydantic models of
`fancoins.live.contract`, the same ones a test checks real frames against.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from fancoins import __version__
from fancoins.live import contract
from fancoins.live.endpoints import SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX
from fancoins.realtime.protocol import CLOSE_REASONS, CloseCode

ASYNCAPI_VERSION = "3.0.0"
CHANNEL_ADDRESS = "/v1/streams/{stream_id}/events"
_REF = "#/components/schemas/{model}"

DESCRIPTION = """\
Real-time events of one LIVE stream. Connect with a WebSocket to
`/v1/streams/{stream_id}/events`; every text message the server sends is a JSON array of
events of that stream, in order. The first message is the stream's last events (history)
and a snapshot (the full leaderboard, with `next_seq`, the viewer count, and the stream's
running battle and active goal, if any); then gift, combo, leaderboard, viewer-count,
battle, goal and fan club events; the last is `stream.ended`, after which the server closes
with code 1000. Every event a client could miss carries `seq`, the stream's number for it
(the same on every API process), delivered once each and in order; `resync` says when
fan-out degrades or recovers.

A viewer connected with a user token may send a gift on the socket (a `gift.send` message, at
most 8 KiB; anything else sent is ignored): the same gift, refusals, idempotency key space and
rate limits as `POST /v1/gifts/send`, sparing a request per gift. The answer is a
`gift.answer` event with the same `request_id`, to that viewer only, after the gift's batch
committed; the gift itself then shows as `gift.sent` like any other.

Authenticate with a user token or an API key, in one of three ways (the first found wins):
an `Authorization: Bearer <token>` header (server-side clients); the subprotocol
`bearer.<token>` offered next to `fancoins.v1` (browsers; the server answers `fancoins.v1`
and never echoes the token); or the `token` query parameter (URLs end up in logs: prefer the
other two). A refused upgrade gets an HTTP problem+json answer (401 unauthenticated or
token-invalid, 404 stream-not-found, 410 stream-ended, 503 viewers-full).

Close codes: {close_codes}.

See docs/websocket.md for back-pressure, reconnect and resync advice."""


def _close_codes() -> str:
    return "; ".join(f"{int(code)} `{CLOSE_REASONS[CloseCode(code)]}`: {text}"
                     for code, text in contract.CLOSE_CODES.items())


def _schemas() -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Every model's JSON schema under components/schemas, and a $ref per event type."""
    _, top = models_json_schema([(m, "serialization") for m in contract.EVENT_MODELS]
                                + [(contract.GiftSendMessage, "validation")],
                                ref_template=_REF)
    schemas: dict[str, Any] = top.get("$defs", {})
    refs = [{"$ref": _REF.format(model=m.__name__)} for m in contract.EVENT_MODELS]
    return {name: _asyncapi_schema(schema) for name, schema in schemas.items()}, refs


def _asyncapi_schema(schema: Any) -> Any:
    """Pydantic writes OpenAPI's `discriminator` object; AsyncAPI's is the property name."""
    if isinstance(schema, dict):
        out = {k: _asyncapi_schema(v) for k, v in schema.items()}
        if isinstance(out.get("discriminator"), dict):
            out["discriminator"] = out["discriminator"]["propertyName"]
        return out
    if isinstance(schema, list):
        return [_asyncapi_schema(v) for v in schema]
    return schema


def _examples() -> list[dict[str, Any]]:
    # Fields at their defaults (a board's absent `seq`) are absent on the wire too.
    events = [e.model_dump(mode="json", exclude_defaults=True) for e in contract.examples()]
    return [
        {"name": "snapshot", "summary": "The first frame (after the stream's last events): the "
                                        "full board, from `next_seq` on, and the viewer count",
         "payload": events[:2]},
        {"name": "gifts", "summary": "A tick's gifts: a combo starts and grows, the rest is "
                                     "summed", "payload": events[2:5]},
        {"name": "resync", "summary": "Fan-out between API processes degraded: events keep "
                                      "coming, in order, a little later", "payload": events[5:6]},
        {"name": "battle", "summary": "A battle starts, its scores grow, it ends with a "
                                      "winner", "payload": events[6:9]},
        {"name": "goals and fan club", "summary": "A goal's progress, its completion, a goal "
                                                  "that expired, a viewer joining the fan club",
         "payload": events[9:13]},
        {"name": "end", "summary": "The last frame: open combos end, the final board, then "
                                   "the stream", "payload": events[13:16]},
        {"name": "gift answer", "summary": "The answer to a gift this viewer sent on the "
                                           "socket", "payload": events[16:17]},
    ]


def build_asyncapi(host: str = "localhost:8000", protocol: str = "ws") -> dict[str, Any]:
    """The document for a server reachable at `host` (`ws` or `wss`)."""
    schemas, refs = _schemas()
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": "urn:fancoins:live",
        "info": {
            "title": "fancoins LIVE events",
            "version": __version__,
            "description": DESCRIPTION.replace("{close_codes}", _close_codes()),
            "license": {"name": "Apache-2.0"},
        },
        "defaultContentType": "application/json",
        "servers": {"api": {
            "host": host, "protocol": protocol,
            "description": "The fancoins API process (any of them: events fan out to all)",
            "security": [{"$ref": "#/components/securitySchemes/" + name}
                         for name in ("bearerHeader", "tokenQuery")],
        }},
        "channels": {"streamEvents": {
            "address": CHANNEL_ADDRESS,
            "title": "A LIVE stream's events",
            "parameters": {"stream_id": {"description": "The stream's id (it must be LIVE)."}},
            "messages": {"frame": {"$ref": "#/components/messages/frame"},
                         "giftSend": {"$ref": "#/components/messages/giftSend"}},
            "bindings": {"ws": {
                "method": "GET",
                "query": {"type": "object", "properties": {"token": {
                    "type": "string",
                    "description": "A user token or API key (prefer the header or "
                                   "subprotocol: URLs end up in logs)."}}},
                "headers": {"type": "object", "properties": {
                    "Authorization": {"type": "string", "pattern": "^Bearer .+$"},
                    "Sec-WebSocket-Protocol": {
                        "type": "string",
                        "description": f"`{SUBPROTOCOL}, {TOKEN_SUBPROTOCOL_PREFIX}<token>` "
                                       "for browsers, which cannot set headers"}}},
                "bindingVersion": "0.1.0",
            }},
        }},
        "operations": {"receiveStreamEvents": {
            "action": "receive",
            "channel": {"$ref": "#/channels/streamEvents"},
            "summary": "Receive a stream's events, one JSON array of events per message",
            "messages": [{"$ref": "#/channels/streamEvents/messages/frame"}],
        }, "sendGift": {
            "action": "send",
            "channel": {"$ref": "#/channels/streamEvents"},
            "summary": "Send a gift to this stream as the connected viewer; answered by a "
                       "`gift.answer` event with the same `request_id`",
            "messages": [{"$ref": "#/channels/streamEvents/messages/giftSend"}],
        }},
        "components": {
            "messages": {"frame": {
                "name": "frame",
                "title": "Frame",
                "summary": "The events of one stream, in order",
                "contentType": "application/json",
                "payload": {"type": "array", "items": {"oneOf": refs,
                                                       "discriminator": "type"}},
                "examples": _examples(),
            }, "giftSend": {
                "name": "giftSend",
                "title": "Gift",
                "summary": "A gift sent on the socket (user tokens only)",
                "contentType": "application/json",
                "payload": {"$ref": _REF.format(model="GiftSendMessage")},
                "examples": [{"name": "rose", "payload": {
                    "type": "gift.send", "request_id": "r1", "idempotency_key": "gift-7f3a",
                    "gift_id": "rose", "count": 3}}],
            }},
            "schemas": schemas,
            "securitySchemes": {
                "bearerHeader": {"type": "http", "scheme": "bearer",
                                 "description": "`Authorization: Bearer <token>`, or the "
                                                f"subprotocol `{TOKEN_SUBPROTOCOL_PREFIX}"
                                                "<token>`: a user JWT or an API key"},
                "tokenQuery": {"type": "httpApiKey", "name": "token", "in": "query",
                               "description": "`?token=<token>`"},
            },
        },
    }
