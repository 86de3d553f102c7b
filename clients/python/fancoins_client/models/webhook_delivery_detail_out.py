from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.attempt_out import AttemptOut
    from ..models.message_out import MessageOut
    from ..models.webhook_delivery_out import WebhookDeliveryOut


T = TypeVar("T", bound="WebhookDeliveryDetailOut")


@_attrs_define
class WebhookDeliveryDetailOut:
    """
    Attributes:
        delivery (WebhookDeliveryOut):
        message (MessageOut | None): null once purged by retention
        attempts (list[AttemptOut]):
    """

    delivery: WebhookDeliveryOut
    message: MessageOut | None
    attempts: list[AttemptOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.message_out import MessageOut

        delivery = self.delivery.to_dict()

        message: dict[str, Any] | None
        if isinstance(self.message, MessageOut):
            message = self.message.to_dict()
        else:
            message = self.message

        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "delivery": delivery,
                "message": message,
                "attempts": attempts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.attempt_out import AttemptOut
        from ..models.message_out import MessageOut
        from ..models.webhook_delivery_out import WebhookDeliveryOut

        d = dict(src_dict)
        delivery = WebhookDeliveryOut.from_dict(d.pop("delivery"))

        def _parse_message(data: object) -> MessageOut | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                message_type_0 = MessageOut.from_dict(data)

                return message_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MessageOut | None, data)

        message = _parse_message(d.pop("message"))

        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in _attempts:
            attempts_item = AttemptOut.from_dict(attempts_item_data)

            attempts.append(attempts_item)

        webhook_delivery_detail_out = cls(
            delivery=delivery,
            message=message,
            attempts=attempts,
        )

        webhook_delivery_detail_out.additional_properties = d
        return webhook_delivery_detail_out

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
