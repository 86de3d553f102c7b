"""Gift images: an operator uploads one for a gift; anyone downloads it (cached for good)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response

from fancoins.api.auth import AdminPrincipal
from fancoins.api.deps import ReadConnection, SettingsDep, UnitDep
from fancoins.api.problems import problem_responses
from fancoins.artwork.service import EXTENSIONS, artwork
from fancoins.gifts.schemas import GiftOut
from fancoins.kit.errors import PayloadTooLarge

router = APIRouter(tags=["gifts"])

GiftId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
ImageName = Annotated[str, Path(pattern=r"^[0-9a-f]{64}\.(png|gif|jpg|webp)$")]
# Content-addressed: the bytes at an address never change.
IMMUTABLE = "public, max-age=31536000, immutable"
_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    content_type: {"schema": {"type": "string", "format": "binary"}}
    for content_type in sorted(set(EXTENSIONS.values()))}}}


@router.post("/v1/admin/gifts/{gift_id}/image", response_model=GiftOut, tags=["operator"],
             openapi_extra=_BODY, responses=problem_responses(401, 403, 404, 413, 422))
async def upload_gift_image(gift_id: GiftId, request: Request, principal: AdminPrincipal,
                            uow: UnitDep, settings: SettingsDep) -> GiftOut:
    """Upload a gift's image (PNG, WebP, GIF or JPEG, at most `gifts.image_bytes_max`); the
    gift's `image` becomes its address. Uploading the same image again changes nothing."""
    data = await _bounded_body(request, settings.gifts.image_bytes_max)
    spec = await artwork.set_gift_image(uow, gift_id, data,
                                        request.headers.get("content-type"), principal.subject)
    return GiftOut.of(spec)


@router.get("/v1/gift-images/{name}", responses={
    200: {"content": {t: {} for t in sorted(set(EXTENSIONS.values()))},
          "description": "The image"}, **problem_responses(404, 422)})
async def gift_image(name: ImageName, connection: ReadConnection) -> Response:
    """An uploaded gift image. No credentials needed: the web app and overlays load it."""
    content_type, data = await artwork.image(connection, name)
    return Response(data, media_type=content_type, headers={
        "Cache-Control": IMMUTABLE, "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'"})


async def _bounded_body(request: Request, max_bytes: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"an image is at most {max_bytes} bytes",
                                  max_bytes=max_bytes)
        chunks.append(chunk)
    return b"".join(chunks)
