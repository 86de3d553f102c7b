"""The AsyncAPI document of the LIVE WebSocket: served, valid AsyncAPI 3.0, built from the
contract models, its examples valid, and the committed copy in docs/ current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fancoins.api.asyncapi import build_asyncapi
from fancoins.live import contract
from fancoins.live.endpoints import router as live_router
from fancoins.live.frames import EventType
from fancoins.realtime.protocol import CloseCode
from tests.conftest import fresh_sqlite_url
from tests.support.api import running_app, settings_for

ROOT = Path(__file__).parents[2]
SPEC = Path(__file__).parent / "schemas" / "asyncapi-3.0.0.json"


def asyncapi_errors(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(json.loads(SPEC.read_text()))
    return [f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(document)]


def frame_validator(document: dict[str, Any]) -> jsonschema.Draft7Validator:
    """Validates one frame against the document's own message payload (its $refs resolve in
    the document: under draft 7 a $ref ignores its sibling keys, which only carry them)."""
    return jsonschema.Draft7Validator(
        {"$ref": "#/components/messages/frame/payload", "components": document["components"]},
        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


async def test_served_document_is_valid_asyncapi_3(
    sqlite_template: Path, tmp_path: Path
) -> None:
    settings = settings_for(fresh_sqlite_url(sqlite_template, tmp_path))
    async with running_app(settings) as (_, client):
        answer = await client.get("/asyncapi.json")
    assert answer.status_code == 200
    document = answer.json()
    assert asyncapi_errors(document) == []
    assert document["asyncapi"] == "3.0.0"
    assert document["servers"]["api"] == {**document["servers"]["api"], "host": "test",
                                          "protocol": "ws"}
    channel = document["channels"]["streamEvents"]
    assert channel["address"] == "/v1/streams/{stream_id}/events"
    assert channel["address"] in {getattr(r, "path", "") for r in live_router.routes}
    # One schema per event type the protocol names, and the close codes are described.
    names = {m.__name__ for m in contract.EVENT_MODELS}
    assert names <= set(document["components"]["schemas"])
    types = {document["components"]["schemas"][n]["properties"]["type"]["const"] for n in names}
    assert types == {t.value for t in EventType}
    for code in CloseCode:
        assert f"{int(code)} `" in document["info"]["description"]


def test_the_validator_catches_a_broken_document() -> None:
    """The check above can fail: a wrong action and an OpenAPI-style discriminator are
    refused by the official schema."""
    broken = build_asyncapi()
    broken["operations"]["receiveStreamEvents"]["action"] = "listen"
    assert asyncapi_errors(broken)
    broken = build_asyncapi()
    broken["components"]["schemas"]["GiftSent"]["discriminator"] = {"propertyName": "type"}
    assert asyncapi_errors(broken)


def test_examples_validate_against_the_models_and_the_published_schema() -> None:
    document = build_asyncapi()
    validator = frame_validator(document)
    examples = document["components"]["messages"]["frame"]["examples"]
    shown = {e["type"] for example in examples for e in example["payload"]}
    assert shown == {t.value for t in EventType}
    for example in examples:
        assert list(validator.iter_errors(example["payload"])) == []
        contract.parse_frame(json.dumps(example["payload"]))


def test_published_schema_refuses_what_the_models_refuse() -> None:
    validator = frame_validator(build_asyncapi())
    good = [e.model_dump(mode="json") for e in contract.examples()]
    unknown_field = [{**good[1], "extra": 1}]
    unknown_type = [{**good[1], "type": "viewers.counted"}]
    missing = [{k: v for k, v in good[2].items() if k != "sender"}]
    for frame in (unknown_field, unknown_type, missing):
        assert list(validator.iter_errors(frame)), frame
        with pytest.raises(ValueError):
            contract.parse_frame(json.dumps(frame))


def test_committed_document_is_current() -> None:
    committed = json.loads((ROOT / "docs" / "asyncapi.json").read_text())
    assert committed == build_asyncapi(), "docs/asyncapi.json is stale: run `make docs`"
