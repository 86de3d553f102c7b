"""Gift artwork: the bundled SVGs are served with a long cache lifetime; an operator uploads a
raster image (checked by its bytes, bounded in size) that becomes the gift's image, served
immutable by its hash; an operator may set an https URL but no other scheme; catalogs seeded
before the artwork existed are pointed at it by the migration."""

from __future__ import annotations

import asyncio
import struct
import zlib

from sqlalchemy import select

from fancoins.db.engine import create_engine
from fancoins.db.migrate import downgrade, upgrade
from fancoins.db.tables.gifts import gift_catalog
from tests.gifts.helpers import running_api

# The revision just before this one's (re-chained as branches merge into main).
BEFORE_ARTWORK_FIX = "0012-1"


def _png(width: int = 2, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


async def test_upload_serve_and_refuse_images(database_url: str) -> None:
    async with running_api(database_url, gifts__image_bytes_max=4096) as api:
        admin = await api.admin_headers()
        art = await api.client.get("/app/gifts/rose.svg")
        assert art.status_code == 200
        assert art.headers["cache-control"] == "public, max-age=604800"
        page = await api.client.get("/app/index.html")
        assert page.headers["cache-control"] == "no-cache"
        png = _png()
        uploaded = await api.client.post("/v1/admin/gifts/panda/image", content=png,
                                         headers={**admin, "Content-Type": "image/png"})
        assert uploaded.status_code == 200, uploaded.text
        image = uploaded.json()["image"]
        assert image.startswith("/v1/gift-images/") and image.endswith(".png")
        served = await api.client.get(image)
        assert served.status_code == 200 and served.content == png
        assert served.headers["content-type"] == "image/png"
        assert "immutable" in served.headers["cache-control"]
        catalog = await api.client.get("/v1/gifts", headers=api.headers("alice"))
        assert {g["id"]: g["image"] for g in catalog.json()}["panda"] == image
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        for body, content_type, status in ((svg, "image/svg+xml", 422),
                                           (png, "image/gif", 422),
                                           (b"GIF89a" + b"\x00" * 5000, "image/gif", 413),
                                           (png, "image/png", 200)):
            answer = await api.client.post("/v1/admin/gifts/rose/image", content=body,
                                           headers={**admin, "Content-Type": content_type})
            assert answer.status_code == status, (content_type, answer.text)
        viewer = await api.client.post("/v1/admin/gifts/rose/image", content=png,
                                       headers={**api.headers("alice"),
                                                "Content-Type": "image/png"})
        assert viewer.status_code == 403
        missing = await api.client.get("/v1/gift-images/" + "0" * 64 + ".png")
        assert missing.status_code == 404
        for url, status in (("https://cdn.example/rose.png", 200),
                            ("javascript:alert(1)", 422), ("http://cdn.example/r.png", 422)):
            changed = await api.client.patch("/v1/admin/gifts/rose", json={"image": url},
                                             headers=admin)
            assert changed.status_code == status, (url, changed.text)


async def _images(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(gift_catalog.c.id, gift_catalog.c.image))
            return {row.id: row.image for row in rows}
    finally:
        await engine.dispose()


async def _seed_old_catalog(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(gift_catalog.insert(), [
                {"id": gift_id, "name": gift_id, "price_coins": 1, "streakable": True,
                 "image": f"gifts/{gift_id}.webp", "active": True, "countries": None,
                 "created_at_ms": 1, "updated_at_ms": 1}
                for gift_id in ("rose", "panda", "own_gift")])
    finally:
        await engine.dispose()


def test_the_migration_points_old_catalogs_at_the_svg_artwork(database_url: str) -> None:
    downgrade(database_url, BEFORE_ARTWORK_FIX)
    asyncio.run(_seed_old_catalog(database_url))
    upgrade(database_url)
    assert asyncio.run(_images(database_url)) == {
        "rose": "gifts/rose.svg", "panda": "gifts/panda.svg",
        "own_gift": "gifts/own_gift.webp"}  # an operator's own gift keeps its image
