from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeliveryIn")


@_attrs_define
class DeliveryIn:
    """
    Attributes:
        views (int | Unset):  Default: 0.
        followers (int | Unset):  Default: 0.
        profile_visits (int | Unset):  Default: 0.
        cost_coins (int | Unset): What the ad server says this delivery cost; the charge never passes the budget.
            Default: 0.
    """

    views: int | Unset = 0
    followers: int | Unset = 0
    profile_visits: int | Unset = 0
    cost_coins: int | Unset = 0

    def to_dict(self) -> dict[str, Any]:
        views = self.views

        followers = self.followers

        profile_visits = self.profile_visits

        cost_coins = self.cost_coins

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if views is not UNSET:
            field_dict["views"] = views
        if followers is not UNSET:
            field_dict["followers"] = followers
        if profile_visits is not UNSET:
            field_dict["profile_visits"] = profile_visits
        if cost_coins is not UNSET:
            field_dict["cost_coins"] = cost_coins

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        views = d.pop("views", UNSET)

        followers = d.pop("followers", UNSET)

        profile_visits = d.pop("profile_visits", UNSET)

        cost_coins = d.pop("cost_coins", UNSET)

        delivery_in = cls(
            views=views,
            followers=followers,
            profile_visits=profile_visits,
            cost_coins=cost_coins,
        )

        return delivery_in
