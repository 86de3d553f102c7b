from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.package_in import PackageIn


T = TypeVar("T", bound="PriceListPatch")


@_attrs_define
class PriceListPatch:
    """Change some of a list: any header field, package prices (added or replaced by coins),
    packages removed by coins.

        Attributes:
            reason (str):
            currency (None | str | Unset):
            locale (None | str | Unset):
            tax_inclusive (bool | None | Unset):
            vat_bp (int | None | Unset):
            packages (list[PackageIn] | None | Unset):
            remove_coins (list[int] | None | Unset):
    """

    reason: str
    currency: None | str | Unset = UNSET
    locale: None | str | Unset = UNSET
    tax_inclusive: bool | None | Unset = UNSET
    vat_bp: int | None | Unset = UNSET
    packages: list[PackageIn] | None | Unset = UNSET
    remove_coins: list[int] | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        locale: None | str | Unset
        if isinstance(self.locale, Unset):
            locale = UNSET
        else:
            locale = self.locale

        tax_inclusive: bool | None | Unset
        if isinstance(self.tax_inclusive, Unset):
            tax_inclusive = UNSET
        else:
            tax_inclusive = self.tax_inclusive

        vat_bp: int | None | Unset
        if isinstance(self.vat_bp, Unset):
            vat_bp = UNSET
        else:
            vat_bp = self.vat_bp

        packages: list[dict[str, Any]] | None | Unset
        if isinstance(self.packages, Unset):
            packages = UNSET
        elif isinstance(self.packages, list):
            packages = []
            for packages_type_0_item_data in self.packages:
                packages_type_0_item = packages_type_0_item_data.to_dict()
                packages.append(packages_type_0_item)

        else:
            packages = self.packages

        remove_coins: list[int] | None | Unset
        if isinstance(self.remove_coins, Unset):
            remove_coins = UNSET
        elif isinstance(self.remove_coins, list):
            remove_coins = self.remove_coins

        else:
            remove_coins = self.remove_coins

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if locale is not UNSET:
            field_dict["locale"] = locale
        if tax_inclusive is not UNSET:
            field_dict["tax_inclusive"] = tax_inclusive
        if vat_bp is not UNSET:
            field_dict["vat_bp"] = vat_bp
        if packages is not UNSET:
            field_dict["packages"] = packages
        if remove_coins is not UNSET:
            field_dict["remove_coins"] = remove_coins

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.package_in import PackageIn

        d = dict(src_dict)
        reason = d.pop("reason")

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_locale(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        locale = _parse_locale(d.pop("locale", UNSET))

        def _parse_tax_inclusive(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        tax_inclusive = _parse_tax_inclusive(d.pop("tax_inclusive", UNSET))

        def _parse_vat_bp(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        vat_bp = _parse_vat_bp(d.pop("vat_bp", UNSET))

        def _parse_packages(data: object) -> list[PackageIn] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                packages_type_0 = []
                _packages_type_0 = data
                for packages_type_0_item_data in _packages_type_0:
                    packages_type_0_item = PackageIn.from_dict(
                        packages_type_0_item_data
                    )

                    packages_type_0.append(packages_type_0_item)

                return packages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[PackageIn] | None | Unset, data)

        packages = _parse_packages(d.pop("packages", UNSET))

        def _parse_remove_coins(data: object) -> list[int] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                remove_coins_type_0 = cast(list[int], data)

                return remove_coins_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | Unset, data)

        remove_coins = _parse_remove_coins(d.pop("remove_coins", UNSET))

        price_list_patch = cls(
            reason=reason,
            currency=currency,
            locale=locale,
            tax_inclusive=tax_inclusive,
            vat_bp=vat_bp,
            packages=packages,
            remove_coins=remove_coins,
        )

        return price_list_patch
