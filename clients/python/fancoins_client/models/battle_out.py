from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.battle_out_result_type_0 import BattleOutResultType0
from ..models.battle_out_status import BattleOutStatus
from ..models.battle_out_winner_side_type_0 import BattleOutWinnerSideType0

if TYPE_CHECKING:
    from ..models.battle_side_out import BattleSideOut


T = TypeVar("T", bound="BattleOut")


@_attrs_define
class BattleOut:
    """
    Attributes:
        id (str):
        status (BattleOutStatus):
        inviter_id (str):
        duration_s (int):
        invited_at (datetime.datetime):
        invite_expires_at (datetime.datetime):
        started_at (datetime.datetime | None):
        ends_at (datetime.datetime | None):
        ended_at (datetime.datetime | None):
        result (BattleOutResultType0 | None): once ended
        winner_side (BattleOutWinnerSideType0 | None):
        sides (list[BattleSideOut]):
    """

    id: str
    status: BattleOutStatus
    inviter_id: str
    duration_s: int
    invited_at: datetime.datetime
    invite_expires_at: datetime.datetime
    started_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    result: BattleOutResultType0 | None
    winner_side: BattleOutWinnerSideType0 | None
    sides: list[BattleSideOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        status = self.status.value

        inviter_id = self.inviter_id

        duration_s = self.duration_s

        invited_at = self.invited_at.isoformat()

        invite_expires_at = self.invite_expires_at.isoformat()

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        ends_at: None | str
        if isinstance(self.ends_at, datetime.datetime):
            ends_at = self.ends_at.isoformat()
        else:
            ends_at = self.ends_at

        ended_at: None | str
        if isinstance(self.ended_at, datetime.datetime):
            ended_at = self.ended_at.isoformat()
        else:
            ended_at = self.ended_at

        result: None | str
        if isinstance(self.result, BattleOutResultType0):
            result = self.result.value
        else:
            result = self.result

        winner_side: None | str
        if isinstance(self.winner_side, BattleOutWinnerSideType0):
            winner_side = self.winner_side.value
        else:
            winner_side = self.winner_side

        sides = []
        for sides_item_data in self.sides:
            sides_item = sides_item_data.to_dict()
            sides.append(sides_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "inviter_id": inviter_id,
                "duration_s": duration_s,
                "invited_at": invited_at,
                "invite_expires_at": invite_expires_at,
                "started_at": started_at,
                "ends_at": ends_at,
                "ended_at": ended_at,
                "result": result,
                "winner_side": winner_side,
                "sides": sides,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.battle_side_out import BattleSideOut

        d = dict(src_dict)
        id = d.pop("id")

        status = BattleOutStatus(d.pop("status"))

        inviter_id = d.pop("inviter_id")

        duration_s = d.pop("duration_s")

        invited_at = datetime.datetime.fromisoformat(d.pop("invited_at"))

        invite_expires_at = datetime.datetime.fromisoformat(d.pop("invite_expires_at"))

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))

        def _parse_ends_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ends_at = _parse_ends_at(d.pop("ends_at"))

        def _parse_ended_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ended_at_type_0 = datetime.datetime.fromisoformat(data)

                return ended_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        ended_at = _parse_ended_at(d.pop("ended_at"))

        def _parse_result(data: object) -> BattleOutResultType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                result_type_0 = BattleOutResultType0(data)

                return result_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BattleOutResultType0 | None, data)

        result = _parse_result(d.pop("result"))

        def _parse_winner_side(data: object) -> BattleOutWinnerSideType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                winner_side_type_0 = BattleOutWinnerSideType0(data)

                return winner_side_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BattleOutWinnerSideType0 | None, data)

        winner_side = _parse_winner_side(d.pop("winner_side"))

        sides = []
        _sides = d.pop("sides")
        for sides_item_data in _sides:
            sides_item = BattleSideOut.from_dict(sides_item_data)

            sides.append(sides_item)

        battle_out = cls(
            id=id,
            status=status,
            inviter_id=inviter_id,
            duration_s=duration_s,
            invited_at=invited_at,
            invite_expires_at=invite_expires_at,
            started_at=started_at,
            ends_at=ends_at,
            ended_at=ended_at,
            result=result,
            winner_side=winner_side,
            sides=sides,
        )

        battle_out.additional_properties = d
        return battle_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
