from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.buying_use_out import BuyingUseOut
    from ..models.caps_out import CapsOut
    from ..models.guardian_link_out import GuardianLinkOut
    from ..models.limits_view_out import LimitsViewOut


T = TypeVar("T", bound="UserSafetyOut")


@_attrs_define
class UserSafetyOut:
    """What keeps a user's spending safe: their own coin limits (with this window's spend),
    their own buying limits, a guardian's caps on both (all null and not `off`: none), what
    they bought in each capped window, and their guardian links both ways.

        Attributes:
            user_id (str):
            spending (LimitsViewOut): The limits in force, a raise still cooling off (if any) and this window's spend.
            spending_caps (CapsOut): One set of caps: per window (coins for spending, minor units of `currency` for
                buying), whether it is switched off, and a loosening still cooling off.
            buying_limits (CapsOut): One set of caps: per window (coins for spending, minor units of `currency` for
                buying), whether it is switched off, and a loosening still cooling off.
            buying_caps (CapsOut): One set of caps: per window (coins for spending, minor units of `currency` for
                buying), whether it is switched off, and a loosening still cooling off.
            bought (list[BuyingUseOut]):
            guardians (list[GuardianLinkOut]): the user's guardians
            minors (list[GuardianLinkOut]): the minors the user is guardian of
    """

    user_id: str
    spending: LimitsViewOut
    spending_caps: CapsOut
    buying_limits: CapsOut
    buying_caps: CapsOut
    bought: list[BuyingUseOut]
    guardians: list[GuardianLinkOut]
    minors: list[GuardianLinkOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        user_id = self.user_id

        spending = self.spending.to_dict()

        spending_caps = self.spending_caps.to_dict()

        buying_limits = self.buying_limits.to_dict()

        buying_caps = self.buying_caps.to_dict()

        bought = []
        for bought_item_data in self.bought:
            bought_item = bought_item_data.to_dict()
            bought.append(bought_item)

        guardians = []
        for guardians_item_data in self.guardians:
            guardians_item = guardians_item_data.to_dict()
            guardians.append(guardians_item)

        minors = []
        for minors_item_data in self.minors:
            minors_item = minors_item_data.to_dict()
            minors.append(minors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "user_id": user_id,
                "spending": spending,
                "spending_caps": spending_caps,
                "buying_limits": buying_limits,
                "buying_caps": buying_caps,
                "bought": bought,
                "guardians": guardians,
                "minors": minors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.buying_use_out import BuyingUseOut
        from ..models.caps_out import CapsOut
        from ..models.guardian_link_out import GuardianLinkOut
        from ..models.limits_view_out import LimitsViewOut

        d = dict(src_dict)
        user_id = d.pop("user_id")

        spending = LimitsViewOut.from_dict(d.pop("spending"))

        spending_caps = CapsOut.from_dict(d.pop("spending_caps"))

        buying_limits = CapsOut.from_dict(d.pop("buying_limits"))

        buying_caps = CapsOut.from_dict(d.pop("buying_caps"))

        bought = []
        _bought = d.pop("bought")
        for bought_item_data in _bought:
            bought_item = BuyingUseOut.from_dict(bought_item_data)

            bought.append(bought_item)

        guardians = []
        _guardians = d.pop("guardians")
        for guardians_item_data in _guardians:
            guardians_item = GuardianLinkOut.from_dict(guardians_item_data)

            guardians.append(guardians_item)

        minors = []
        _minors = d.pop("minors")
        for minors_item_data in _minors:
            minors_item = GuardianLinkOut.from_dict(minors_item_data)

            minors.append(minors_item)

        user_safety_out = cls(
            user_id=user_id,
            spending=spending,
            spending_caps=spending_caps,
            buying_limits=buying_limits,
            buying_caps=buying_caps,
            bought=bought,
            guardians=guardians,
            minors=minors,
        )

        user_safety_out.additional_properties = d
        return user_safety_out

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
