from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ReleasedOut")


@_attrs_define
class ReleasedOut:
    """
    Attributes:
        gifts (int):
        promotions (int):
        removed (int): Operator removals
        recovered (int): Taken by a refund claw-back from the buyer's other coins
        repaid (int): Coins owed after a claw-back, repaid by new coins
        other (int):
        total (int):
    """

    gifts: int
    promotions: int
    removed: int
    recovered: int
    repaid: int
    other: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        gifts = self.gifts

        promotions = self.promotions

        removed = self.removed

        recovered = self.recovered

        repaid = self.repaid

        other = self.other

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "gifts": gifts,
                "promotions": promotions,
                "removed": removed,
                "recovered": recovered,
                "repaid": repaid,
                "other": other,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        gifts = d.pop("gifts")

        promotions = d.pop("promotions")

        removed = d.pop("removed")

        recovered = d.pop("recovered")

        repaid = d.pop("repaid")

        other = d.pop("other")

        total = d.pop("total")

        released_out = cls(
            gifts=gifts,
            promotions=promotions,
            removed=removed,
            recovered=recovered,
            repaid=repaid,
            other=other,
            total=total,
        )

        released_out.additional_properties = d
        return released_out

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
