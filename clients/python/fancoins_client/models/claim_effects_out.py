from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ClaimEffectsOut")


@_attrs_define
class ClaimEffectsOut:
    """
    Attributes:
        coins_clawed_back (int):
        coins_restored (int):
        gross_refunded_minor (int):
        gross_restored_minor (int):
        diamonds_clawed_back (int):
        counted (bool): Counted as a refund or chargeback against the buyer (refund abuse).
        restriction_id (None | UUID): The buying block that count placed, if it placed one.
    """

    coins_clawed_back: int
    coins_restored: int
    gross_refunded_minor: int
    gross_restored_minor: int
    diamonds_clawed_back: int
    counted: bool
    restriction_id: None | UUID
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        coins_clawed_back = self.coins_clawed_back

        coins_restored = self.coins_restored

        gross_refunded_minor = self.gross_refunded_minor

        gross_restored_minor = self.gross_restored_minor

        diamonds_clawed_back = self.diamonds_clawed_back

        counted = self.counted

        restriction_id: None | str
        if isinstance(self.restriction_id, UUID):
            restriction_id = str(self.restriction_id)
        else:
            restriction_id = self.restriction_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "coins_clawed_back": coins_clawed_back,
                "coins_restored": coins_restored,
                "gross_refunded_minor": gross_refunded_minor,
                "gross_restored_minor": gross_restored_minor,
                "diamonds_clawed_back": diamonds_clawed_back,
                "counted": counted,
                "restriction_id": restriction_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        coins_clawed_back = d.pop("coins_clawed_back")

        coins_restored = d.pop("coins_restored")

        gross_refunded_minor = d.pop("gross_refunded_minor")

        gross_restored_minor = d.pop("gross_restored_minor")

        diamonds_clawed_back = d.pop("diamonds_clawed_back")

        counted = d.pop("counted")

        def _parse_restriction_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                restriction_id_type_0 = UUID(data)

                return restriction_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        restriction_id = _parse_restriction_id(d.pop("restriction_id"))

        claim_effects_out = cls(
            coins_clawed_back=coins_clawed_back,
            coins_restored=coins_restored,
            gross_refunded_minor=gross_refunded_minor,
            gross_restored_minor=gross_restored_minor,
            diamonds_clawed_back=diamonds_clawed_back,
            counted=counted,
            restriction_id=restriction_id,
        )

        claim_effects_out.additional_properties = d
        return claim_effects_out

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
