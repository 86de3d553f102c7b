"""Gift images: an operator uploads one for a gift; every viewer downloads it.

Only raster images are taken (PNG, WebP, GIF, JPEG), recognised by their own first bytes,
never by the name or header the uploader claims: an SVG is a document that can carry script,
and sanitising one well is a project of its own. An image is stored once by the SHA-256 of
its bytes, which is also its address (`/v1/gift-images/<sha256>.<ext>`): what is at an
address never changes, so it may be cached for good.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from fancoins.artwork import repository
from fancoins.db.uow import UnitOfWork
from fancoins.economy.rules import GiftSpec
from fancoins.gifts.service import gifts_service
from fancoins.kit.clock import now_ms
from fancoins.kit.errors import InvalidRequest, NotFound

IMAGE_PATH = "/v1/gift-images/"
# (first bytes, content type, extension). WebP also needs "WEBP" at offset 8.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"RIFF", "image/webp", "webp"),
)
EXTENSIONS = {ext: content_type for _, content_type, ext in _SIGNATURES}


class GiftImageInvalid(InvalidRequest):
    """Not a PNG, WebP, GIF or JPEG image (judged by its bytes), or not the type it claims."""

    slug = "gift-image-invalid"
    title = "Not an accepted image"


class GiftImageNotFound(NotFound):
    slug = "gift-image-not-found"
    title = "Image not found"


@dataclass(frozen=True, slots=True)
class StoredImage:
    path: str  # where it is served
    content_type: str


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an accepted raster image, from its bytes."""
    for signature, content_type, ext in _SIGNATURES:
        if data.startswith(signature):
            if content_type == "image/webp" and data[8:12] != b"WEBP":
                return None
            return content_type, ext
    return None


class ArtworkService:
    async def set_gift_image(self, uow: UnitOfWork, gift_id: str, data: bytes,
                             declared_type: str | None, actor: str) -> GiftSpec:
        """Store the image and make it the gift's (audited with the catalog change). Raises
        `GiftImageInvalid`, `GiftNotFound`."""
        found = sniff(data)
        if found is None:
            raise GiftImageInvalid("send a PNG, WebP, GIF or JPEG image")
        content_type, ext = found
        if declared_type is not None and declared_type.split(";")[0].strip() != content_type:
            raise GiftImageInvalid(f"the bytes are {content_type}, not {declared_type}")
        digest = hashlib.sha256(data).hexdigest()
        connection = await uow.connect()
        await repository.insert(connection, {
            "sha256": digest, "content_type": content_type, "data": data,
            "size_bytes": len(data), "created_at_ms": now_ms(), "created_by": actor})
        return await gifts_service.change_gift(uow, gift_id,
                                               {"image": f"{IMAGE_PATH}{digest}.{ext}"}, actor)

    async def image(self, connection: AsyncConnection, name: str) -> tuple[str, bytes]:
        """(content type, bytes) of `<sha256>.<ext>`. Raises `GiftImageNotFound`."""
        digest, _, ext = name.partition(".")
        row = await repository.get(connection, digest)
        if row is None or EXTENSIONS.get(ext) != row.content_type:
            raise GiftImageNotFound(f"no image {name}")
        return row.content_type, bytes(row.data)


artwork = ArtworkService()
