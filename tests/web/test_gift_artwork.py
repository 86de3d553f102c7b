"""The default gifts' artwork: every catalog image exists, is a safe, square, small SVG, and the
app serves it at the path the catalog gives."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fancoins.economy.rules import GiftSpec
from fancoins.economy_file import default_economy
from fancoins.web.mount import APP_PATH, STATIC_DIR
from tests.support.api import bearer, running_app, settings_for, user_token

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# A gift tile loads every image of the catalog at once: keep each one a single small request.
SVG_SIZE_MAX_BYTES = 6 * 1024
# Elements that run code or pull in other documents; an image needs none of them.
FORBIDDEN_TAGS = {"script", "foreignObject", "iframe", "embed", "object", "audio", "video"}
_URL_REFERENCE = re.compile(r"url\(\s*['\"]?([^)'\"]*)", re.IGNORECASE)

DEFAULT_GIFTS = default_economy().gifts


def artwork_problems(svg: bytes) -> list[str]:
    """Why an SVG is unfit as gift artwork (empty when it is fit)."""
    problems: list[str] = []
    if len(svg) > SVG_SIZE_MAX_BYTES:
        problems.append(f"{len(svg)} bytes, over {SVG_SIZE_MAX_BYTES}")
    if b"<!DOCTYPE" in svg or b"<!ENTITY" in svg:
        return [*problems, "a DOCTYPE or entity"]  # never expand entities
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        return [*problems, f"not well-formed: {error}"]
    if root.tag != f"{SVG_NS}svg":
        problems.append(f"root is {root.tag}, not an SVG element")
    problems += _viewbox_problems(root.get("viewBox"))
    for element in root.iter():
        problems += _element_problems(element)
    return problems


def _viewbox_problems(viewbox: str | None) -> list[str]:
    try:
        _, _, width, height = (float(part) for part in (viewbox or "").replace(",", " ").split())
    except ValueError:
        return [f"viewBox {viewbox!r} is not four numbers"]
    if width <= 0 or width != height:
        return [f"viewBox {viewbox!r} is not square"]
    return []


def _element_problems(element: ET.Element) -> list[str]:
    problems: list[str] = []
    tag = element.tag.removeprefix(SVG_NS)
    if tag in FORBIDDEN_TAGS:
        problems.append(f"a <{tag}> element")
    for name, value in element.attrib.items():
        local = name.rsplit("}", 1)[-1]
        if local.lower().startswith("on"):
            problems.append(f"event handler {local} on <{tag}>")
        if name in ("href", XLINK_HREF) and not value.startswith("#"):
            problems.append(f"external reference {value!r} on <{tag}>")
    texts = [*element.attrib.values(), element.text or ""]
    for reference in (m for text in texts for m in _URL_REFERENCE.findall(text)):
        if not reference.startswith("#"):
            problems.append(f"external url({reference}) on <{tag}>")
    if tag == "style" and "@import" in (element.text or ""):
        problems.append("an @import in <style>")
    return problems


def _artwork_path(image: str) -> Path:
    return STATIC_DIR / image


@pytest.mark.parametrize("gift", DEFAULT_GIFTS, ids=lambda gift: gift.id)
def test_every_default_gift_has_fit_svg_artwork(gift: GiftSpec) -> None:
    assert gift.image == f"gifts/{gift.id}.svg"
    path = _artwork_path(gift.image)
    assert path.is_file(), f"{gift.image} is missing"
    assert artwork_problems(path.read_bytes()) == []


def test_artwork_ids_are_unique_across_gifts_so_pages_may_inline_them_together() -> None:
    seen: dict[str, str] = {}
    for gift in DEFAULT_GIFTS:
        root = ET.fromstring(_artwork_path(gift.image).read_bytes())
        for element in root.iter():
            element_id = element.get("id")
            if element_id is not None:
                assert element_id not in seen, f"{element_id} in {gift.id} and {seen[element_id]}"
                seen[element_id] = gift.id


GOOD = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256"><circle r="9"/></svg>'


@pytest.mark.parametrize(("svg", "problem"), [
    (GOOD.replace(b"<circle", b"<script>alert(1)</script><circle"), "<script>"),
    (GOOD.replace(b"<circle", b'<circle onload="alert(1)"'), "event handler onload"),
    (GOOD.replace(b"<circle", b'<circle onClick="x()"'), "event handler onClick"),
    (GOOD.replace(b"<circle", b'<use href="https://example.org/a.svg#x"/><circle'),
     "external reference"),
    (GOOD.replace(b"<svg ", b'<svg xmlns:xlink="http://www.w3.org/1999/xlink" ').replace(
        b"<circle", b'<image xlink:href="http://example.org/a.png"/><circle'),
     "external reference"),
    (GOOD.replace(b"<circle", b'<circle fill="url(http://example.org/p.svg#g)"'),
     "external url(http://example.org/p.svg#g)"),
    (GOOD.replace(b"<circle", b"<style>circle{fill:url('https://x.example/a')}</style><circle"),
     "external url(https://x.example/a)"),
    (GOOD.replace(b"<circle", b"<foreignObject/><circle"), "<foreignObject>"),
    (GOOD.replace(b"0 0 256 256", b"0 0 256 128"), "not square"),
    (GOOD.replace(b' viewBox="0 0 256 256"', b""), "not four numbers"),
    (GOOD.replace(b"</svg>", b""), "not well-formed"),
    (GOOD.replace(b"<circle", b"<!-- " + b"x" * SVG_SIZE_MAX_BYTES + b" --><circle"),
     f"over {SVG_SIZE_MAX_BYTES}"),
    (b'<!DOCTYPE svg [<!ENTITY a "b">]>' + GOOD, "DOCTYPE"),
])
def test_the_artwork_check_refuses_unsafe_or_misshapen_svg(svg: bytes, problem: str) -> None:
    assert artwork_problems(GOOD) == []
    found = artwork_problems(svg)
    assert any(problem in text for text in found), found


async def test_the_app_serves_every_catalog_image_as_svg(database_url: str) -> None:
    settings = settings_for(database_url)
    async with running_app(settings) as (_, client):
        catalog = await client.get("/v1/gifts", headers=bearer(user_token(settings, "viewer")))
        assert catalog.status_code == 200, catalog.text
        images = {gift["id"]: gift["image"] for gift in catalog.json()}
        assert images.keys() == {gift.id for gift in DEFAULT_GIFTS}
        for gift_id, image in images.items():
            answer = await client.get(f"{APP_PATH}/{image}")
            assert answer.status_code == 200, (gift_id, image)
            assert answer.headers["content-type"].startswith("image/svg+xml")
            assert answer.content == _artwork_path(image).read_bytes()
