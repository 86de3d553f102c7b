from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookAck")


@_attrs_define
class WebhookAck:
    """
    Attributes:
        outcome (str):
        withdrawal_id (None | Unset | UUID):
    """

    outcome: str
    withdrawal_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        outcome = self.outcome

        withdrawal_id: None | str | Unset
        if isinstance(self.withdrawal_id, Unset):
            withdrawal_id = UNSET
        elif isinstance(self.withdrawal_id, UUID):
            withdrawal_id = str(self.withdrawal_id)
        else:
            withdrawal_id = self.withdrawal_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outcome": outcome,
            }
        )
        if withdrawal_id is not UNSET:
            field_dict["withdrawal_id"] = withdrawal_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        outcome = d.pop("outcome")

        def _parse_withdrawal_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                withdrawal_id_type_0 = UUID(data)

                return withdrawal_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        withdrawal_id = _parse_withdrawal_id(d.pop("withdrawal_id", UNSET))

        webhook_ack = cls(
            outcome=outcome,
            withdrawal_id=withdrawal_id,
        )

        webhook_ack.additional_properties = d
        return webhook_ack

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
