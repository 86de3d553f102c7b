from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.coins_value_out import CoinsValueOut
    from ..models.released_out import ReleasedOut


T = TypeVar("T", bound="DeferredLineOut")


@_attrs_define
class DeferredLineOut:
    """
    Attributes:
        currency (None | str): None for coins nobody paid for
        channel (str): ios, android, web; or granted / unpriced
        exponent (int):
        opening (CoinsValueOut):
        added (CoinsValueOut):
        released_coins (ReleasedOut):
        released_minor (ReleasedOut):
        refunded (CoinsValueOut):
        reversed_minor (int): Refunds of revenue already recognised
        closing (CoinsValueOut):
        revenue_recognised_minor (int): released_minor.total - reversed_minor
    """

    currency: None | str
    channel: str
    exponent: int
    opening: CoinsValueOut
    added: CoinsValueOut
    released_coins: ReleasedOut
    released_minor: ReleasedOut
    refunded: CoinsValueOut
    reversed_minor: int
    closing: CoinsValueOut
    revenue_recognised_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency: None | str
        currency = self.currency

        channel = self.channel

        exponent = self.exponent

        opening = self.opening.to_dict()

        added = self.added.to_dict()

        released_coins = self.released_coins.to_dict()

        released_minor = self.released_minor.to_dict()

        refunded = self.refunded.to_dict()

        reversed_minor = self.reversed_minor

        closing = self.closing.to_dict()

        revenue_recognised_minor = self.revenue_recognised_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "currency": currency,
                "channel": channel,
                "exponent": exponent,
                "opening": opening,
                "added": added,
                "released_coins": released_coins,
                "released_minor": released_minor,
                "refunded": refunded,
                "reversed_minor": reversed_minor,
                "closing": closing,
                "revenue_recognised_minor": revenue_recognised_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.coins_value_out import CoinsValueOut
        from ..models.released_out import ReleasedOut

        d = dict(src_dict)

        def _parse_currency(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        currency = _parse_currency(d.pop("currency"))

        channel = d.pop("channel")

        exponent = d.pop("exponent")

        opening = CoinsValueOut.from_dict(d.pop("opening"))

        added = CoinsValueOut.from_dict(d.pop("added"))

        released_coins = ReleasedOut.from_dict(d.pop("released_coins"))

        released_minor = ReleasedOut.from_dict(d.pop("released_minor"))

        refunded = CoinsValueOut.from_dict(d.pop("refunded"))

        reversed_minor = d.pop("reversed_minor")

        closing = CoinsValueOut.from_dict(d.pop("closing"))

        revenue_recognised_minor = d.pop("revenue_recognised_minor")

        deferred_line_out = cls(
            currency=currency,
            channel=channel,
            exponent=exponent,
            opening=opening,
            added=added,
            released_coins=released_coins,
            released_minor=released_minor,
            refunded=refunded,
            reversed_minor=reversed_minor,
            closing=closing,
            revenue_recognised_minor=revenue_recognised_minor,
        )

        deferred_line_out.additional_properties = d
        return deferred_line_out

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
