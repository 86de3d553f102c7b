from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.checkout_out_revenue_source import CheckoutOutRevenueSource
from ..models.checkout_out_status import CheckoutOutStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="CheckoutOut")


@_attrs_define
class CheckoutOut:
    """
    Attributes:
        id (UUID):
        user_id (str):
        provider (str):
        channel (str):
        product_id (str):
        coins (int):
        quantity (int):
        price_minor (int):
        currency (str):
        country (str):
        storefront (None | str):
        status (CheckoutOutStatus):
        coins_clawed_back (int):
        revenue_source (CheckoutOutRevenueSource):
        quoted_price_minor (int):
        quoted_currency (str):
        price_mismatch (bool):
        created_at (datetime.datetime):
        fulfilled_at (datetime.datetime | None):
        session_id (str):
        checkout_url (str):
        replayed (bool | Unset):  Default: False.
    """

    id: UUID
    user_id: str
    provider: str
    channel: str
    product_id: str
    coins: int
    quantity: int
    price_minor: int
    currency: str
    country: str
    storefront: None | str
    status: CheckoutOutStatus
    coins_clawed_back: int
    revenue_source: CheckoutOutRevenueSource
    quoted_price_minor: int
    quoted_currency: str
    price_mismatch: bool
    created_at: datetime.datetime
    fulfilled_at: datetime.datetime | None
    session_id: str
    checkout_url: str
    replayed: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        user_id = self.user_id

        provider = self.provider

        channel = self.channel

        product_id = self.product_id

        coins = self.coins

        quantity = self.quantity

        price_minor = self.price_minor

        currency = self.currency

        country = self.country

        storefront: None | str
        storefront = self.storefront

        status = self.status.value

        coins_clawed_back = self.coins_clawed_back

        revenue_source = self.revenue_source.value

        quoted_price_minor = self.quoted_price_minor

        quoted_currency = self.quoted_currency

        price_mismatch = self.price_mismatch

        created_at = self.created_at.isoformat()

        fulfilled_at: None | str
        if isinstance(self.fulfilled_at, datetime.datetime):
            fulfilled_at = self.fulfilled_at.isoformat()
        else:
            fulfilled_at = self.fulfilled_at

        session_id = self.session_id

        checkout_url = self.checkout_url

        replayed = self.replayed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "user_id": user_id,
                "provider": provider,
                "channel": channel,
                "product_id": product_id,
                "coins": coins,
                "quantity": quantity,
                "price_minor": price_minor,
                "currency": currency,
                "country": country,
                "storefront": storefront,
                "status": status,
                "coins_clawed_back": coins_clawed_back,
                "revenue_source": revenue_source,
                "quoted_price_minor": quoted_price_minor,
                "quoted_currency": quoted_currency,
                "price_mismatch": price_mismatch,
                "created_at": created_at,
                "fulfilled_at": fulfilled_at,
                "session_id": session_id,
                "checkout_url": checkout_url,
            }
        )
        if replayed is not UNSET:
            field_dict["replayed"] = replayed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = UUID(d.pop("id"))

        user_id = d.pop("user_id")

        provider = d.pop("provider")

        channel = d.pop("channel")

        product_id = d.pop("product_id")

        coins = d.pop("coins")

        quantity = d.pop("quantity")

        price_minor = d.pop("price_minor")

        currency = d.pop("currency")

        country = d.pop("country")

        def _parse_storefront(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        storefront = _parse_storefront(d.pop("storefront"))

        status = CheckoutOutStatus(d.pop("status"))

        coins_clawed_back = d.pop("coins_clawed_back")

        revenue_source = CheckoutOutRevenueSource(d.pop("revenue_source"))

        quoted_price_minor = d.pop("quoted_price_minor")

        quoted_currency = d.pop("quoted_currency")

        price_mismatch = d.pop("price_mismatch")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_fulfilled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                fulfilled_at_type_0 = datetime.datetime.fromisoformat(data)

                return fulfilled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        fulfilled_at = _parse_fulfilled_at(d.pop("fulfilled_at"))

        session_id = d.pop("session_id")

        checkout_url = d.pop("checkout_url")

        replayed = d.pop("replayed", UNSET)

        checkout_out = cls(
            id=id,
            user_id=user_id,
            provider=provider,
            channel=channel,
            product_id=product_id,
            coins=coins,
            quantity=quantity,
            price_minor=price_minor,
            currency=currency,
            country=country,
            storefront=storefront,
            status=status,
            coins_clawed_back=coins_clawed_back,
            revenue_source=revenue_source,
            quoted_price_minor=quoted_price_minor,
            quoted_currency=quoted_currency,
            price_mismatch=price_mismatch,
            created_at=created_at,
            fulfilled_at=fulfilled_at,
            session_id=session_id,
            checkout_url=checkout_url,
            replayed=replayed,
        )

        checkout_out.additional_properties = d
        return checkout_out

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
