from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="WebhookDeliveryCounts")


@_attrs_define
class WebhookDeliveryCounts:
    """
    Attributes:
        pending (int):
        paused (int):
        delivered (int):
        dead (int):
    """

    pending: int
    paused: int
    delivered: int
    dead: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pending = self.pending

        paused = self.paused

        delivered = self.delivered

        dead = self.dead

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pending": pending,
                "paused": paused,
                "delivered": delivered,
                "dead": dead,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        pending = d.pop("pending")

        paused = d.pop("paused")

        delivered = d.pop("delivered")

        dead = d.pop("dead")

        webhook_delivery_counts = cls(
            pending=pending,
            paused=paused,
            delivered=delivered,
            dead=dead,
        )

        webhook_delivery_counts.additional_properties = d
        return webhook_delivery_counts

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
