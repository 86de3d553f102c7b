from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.package_in import PackageIn


T = TypeVar("T", bound="PriceListIn")


@_attrs_define
class PriceListIn:
    """A whole price list for one country and channel (replaces the current one).

    Attributes:
        currency (str):
        locale (str):
        tax_inclusive (bool):
        vat_bp (int):
        packages (list[PackageIn]):
        reason (str):
    """

    currency: str
    locale: str
    tax_inclusive: bool
    vat_bp: int
    packages: list[PackageIn]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        locale = self.locale

        tax_inclusive = self.tax_inclusive

        vat_bp = self.vat_bp

        packages = []
        for packages_item_data in self.packages:
            packages_item = packages_item_data.to_dict()
            packages.append(packages_item)

        reason = self.reason

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "currency": currency,
                "locale": locale,
                "tax_inclusive": tax_inclusive,
                "vat_bp": vat_bp,
                "packages": packages,
                "reason": reason,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.package_in import PackageIn

        d = dict(src_dict)
        currency = d.pop("currency")

        locale = d.pop("locale")

        tax_inclusive = d.pop("tax_inclusive")

        vat_bp = d.pop("vat_bp")

        packages = []
        _packages = d.pop("packages")
        for packages_item_data in _packages:
            packages_item = PackageIn.from_dict(packages_item_data)

            packages.append(packages_item)

        reason = d.pop("reason")

        price_list_in = cls(
            currency=currency,
            locale=locale,
            tax_inclusive=tax_inclusive,
            vat_bp=vat_bp,
            packages=packages,
            reason=reason,
        )

        return price_list_in
