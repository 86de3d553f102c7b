from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.endpoint_out import EndpointOut
    from ..models.webhook_delivery_counts import WebhookDeliveryCounts


T = TypeVar("T", bound="EndpointSummaryOut")


@_attrs_define
class EndpointSummaryOut:
    """
    Attributes:
        endpoint (EndpointOut):
        deliveries (WebhookDeliveryCounts):
    """

    endpoint: EndpointOut
    deliveries: WebhookDeliveryCounts
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint.to_dict()

        deliveries = self.deliveries.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "endpoint": endpoint,
                "deliveries": deliveries,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.endpoint_out import EndpointOut
        from ..models.webhook_delivery_counts import WebhookDeliveryCounts

        d = dict(src_dict)
        endpoint = EndpointOut.from_dict(d.pop("endpoint"))

        deliveries = WebhookDeliveryCounts.from_dict(d.pop("deliveries"))

        endpoint_summary_out = cls(
            endpoint=endpoint,
            deliveries=deliveries,
        )

        endpoint_summary_out.additional_properties = d
        return endpoint_summary_out

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
