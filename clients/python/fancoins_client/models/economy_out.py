from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.asset_sum_out import AssetSumOut
    from ..models.coins_out import CoinsOut
    from ..models.currency_out import CurrencyOut
    from ..models.diamonds_out import DiamondsOut
    from ..models.gifts_out import GiftsOut
    from ..models.verify_out import VerifyOut


T = TypeVar("T", bound="EconomyOut")


@_attrs_define
class EconomyOut:
    """
    Attributes:
        as_of (datetime.datetime):
        coins (CoinsOut):
        diamonds (DiamondsOut):
        currencies (list[CurrencyOut]):
        gifts (GiftsOut):
        ledger (list[AssetSumOut]): Per-asset sums of the stored balances
        verify (None | VerifyOut): The full ledger check (`verify=false` skips)
    """

    as_of: datetime.datetime
    coins: CoinsOut
    diamonds: DiamondsOut
    currencies: list[CurrencyOut]
    gifts: GiftsOut
    ledger: list[AssetSumOut]
    verify: None | VerifyOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.verify_out import VerifyOut

        as_of = self.as_of.isoformat()

        coins = self.coins.to_dict()

        diamonds = self.diamonds.to_dict()

        currencies = []
        for currencies_item_data in self.currencies:
            currencies_item = currencies_item_data.to_dict()
            currencies.append(currencies_item)

        gifts = self.gifts.to_dict()

        ledger = []
        for ledger_item_data in self.ledger:
            ledger_item = ledger_item_data.to_dict()
            ledger.append(ledger_item)

        verify: dict[str, Any] | None
        if isinstance(self.verify, VerifyOut):
            verify = self.verify.to_dict()
        else:
            verify = self.verify

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "as_of": as_of,
                "coins": coins,
                "diamonds": diamonds,
                "currencies": currencies,
                "gifts": gifts,
                "ledger": ledger,
                "verify": verify,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.asset_sum_out import AssetSumOut
        from ..models.coins_out import CoinsOut
        from ..models.currency_out import CurrencyOut
        from ..models.diamonds_out import DiamondsOut
        from ..models.gifts_out import GiftsOut
        from ..models.verify_out import VerifyOut

        d = dict(src_dict)
        as_of = datetime.datetime.fromisoformat(d.pop("as_of"))

        coins = CoinsOut.from_dict(d.pop("coins"))

        diamonds = DiamondsOut.from_dict(d.pop("diamonds"))

        currencies = []
        _currencies = d.pop("currencies")
        for currencies_item_data in _currencies:
            currencies_item = CurrencyOut.from_dict(currencies_item_data)

            currencies.append(currencies_item)

        gifts = GiftsOut.from_dict(d.pop("gifts"))

        ledger = []
        _ledger = d.pop("ledger")
        for ledger_item_data in _ledger:
            ledger_item = AssetSumOut.from_dict(ledger_item_data)

            ledger.append(ledger_item)

        def _parse_verify(data: object) -> None | VerifyOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                verify_type_0 = VerifyOut.from_dict(data)

                return verify_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VerifyOut, data)

        verify = _parse_verify(d.pop("verify"))

        economy_out = cls(
            as_of=as_of,
            coins=coins,
            diamonds=diamonds,
            currencies=currencies,
            gifts=gifts,
            ledger=ledger,
            verify=verify,
        )

        economy_out.additional_properties = d
        return economy_out

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
