"""Users and API keys as the API takes and shows them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
)

from fancoins.accounts.schemas import Moment, Read
from fancoins.identity.scopes import Scope
from fancoins.kit.text import MultiLine, SingleLine

# Ids become part of account names (`user:<id>:coins`), so they exclude ':' and spaces.
UserId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]{1,128}$")]
DisplayName = Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)]
KeyName = Annotated[SingleLine, StringConstraints(min_length=1, max_length=100)]
# Operators' reasons end up in the audit log (500 characters there); line breaks are fine.
Reason = Annotated[MultiLine, StringConstraints(max_length=500)]


def _iso_date_only(value: object) -> object:
    # JSON has no date type: accept the ISO string the schema documents, not epoch numbers.
    if isinstance(value, (int, float)):
        raise ValueError("must be an ISO 8601 date string (YYYY-MM-DD)")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]


class UserIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: DisplayName
    country: CountryCode = "US"
    birth_date: IsoDate | None = None
    age_verified: StrictBool = False
    is_creator: StrictBool = False

    def fields(self) -> dict[str, Any]:
        return self.model_dump()


class UserRestrictionOut(Read):
    """A freeze or ban in force, as the user's status shows it."""

    kind: str = Field(description="frozen (everything) | banned (one scope)")
    scope: str = Field(description="what it blocks: all, gifting, buying, payouts, promotions")
    reason: str
    until: Moment | None = Field(default=None, validation_alias="until_ms",
                                 description="when it ends by itself (null: until lifted)")


class UserOut(Read):
    id: str
    display_name: str
    country: str
    birth_date: dt.date | None
    age_verified: bool
    frozen: bool
    is_creator: bool
    created_at: Moment = Field(validation_alias="created_at_ms")
    restrictions: list[UserRestrictionOut] = Field(
        description="every freeze and ban in force: why, and until when (`frozen` is true "
                    "while one of scope `all` is)")


class UserPage(BaseModel):
    items: list[UserOut]
    next_cursor: str | None


class ApiKeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: KeyName
    scopes: Annotated[list[Scope], Field(min_length=1, max_length=len(Scope))]
    reason: Reason = ""


class RotationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = ""


class ApiKeyOut(Read):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="Shown in the key's token: fck_<prefix>_...")
    scopes: list[str]
    created_at: Moment = Field(validation_alias="created_at_ms")
    last_used_at: Moment | None = Field(
        validation_alias="last_used_at_ms",
        description="Exact to within `api_keys.last_used_interval_s`")
    revoked_at: Moment | None = Field(validation_alias="revoked_at_ms")
    rotated_at: Moment | None = Field(validation_alias="rotated_at_ms")
    previous_secret_expires_at: Moment | None = Field(
        validation_alias="previous_expires_at_ms",
        description="Until then the secret before the last rotation still works")


class ApiKeyPage(BaseModel):
    items: list[ApiKeyOut]
    next_cursor: str | None


class IssuedKeyOut(Read):
    key: ApiKeyOut
    token: str | None = Field(description=(
        "The key's secret token, shown once and never stored; null in a replayed answer "
        "(revoke the key and issue another if the first answer was lost)"))


class OverlayCredentialIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[SingleLine, StringConstraints(max_length=100)] = Field(
        default="", description="Where it is used (\"OBS at home\")")


class OverlayCredentialOut(Read):
    id: uuid.UUID
    name: str
    prefix: str = Field(description="The token's first characters, to tell credentials apart")
    created_at: Moment = Field(validation_alias="created_at_ms")
    last_used_at: Moment | None = Field(
        validation_alias="last_used_at_ms",
        description="Exact to within `overlay.last_used_interval_s`")
    revoked_at: Moment | None = Field(validation_alias="revoked_at_ms")


class IssuedOverlayOut(Read):
    credential: OverlayCredentialOut
    token: str | None = Field(description=(
        "Shown once and never stored; null in a replayed answer (revoke the credential and "
        "mint another if the first answer was lost). Read-only, for this creator's streams "
        "only (the overlay page's `token`): the LIVE WebSocket and `GET /v1/overlay/setup` "
        "accept it; no other endpoint does"))
