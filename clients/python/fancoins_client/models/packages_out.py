from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.package_out import PackageOut


T = TypeVar("T", bound="PackagesOut")


@_attrs_define
class PackagesOut:
    """
    Attributes:
        requested_country (str):
        country (str):
        fell_back (bool):
        channel (str):
        currency (str):
        locale (str):
        packages (list[PackageOut]):
    """

    requested_country: str
    country: str
    fell_back: bool
    channel: str
    currency: str
    locale: str
    packages: list[PackageOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        requested_country = self.requested_country

        country = self.country

        fell_back = self.fell_back

        channel = self.channel

        currency = self.currency

        locale = self.locale

        packages = []
        for packages_item_data in self.packages:
            packages_item = packages_item_data.to_dict()
            packages.append(packages_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "requested_country": requested_country,
                "country": country,
                "fell_back": fell_back,
                "channel": channel,
                "currency": currency,
                "locale": locale,
                "packages": packages,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.package_out import PackageOut

        d = dict(src_dict)
        requested_country = d.pop("requested_country")

        country = d.pop("country")

        fell_back = d.pop("fell_back")

        channel = d.pop("channel")

        currency = d.pop("currency")

        locale = d.pop("locale")

        packages = []
        _packages = d.pop("packages")
        for packages_item_data in _packages:
            packages_item = PackageOut.from_dict(packages_item_data)

            packages.append(packages_item)

        packages_out = cls(
            requested_country=requested_country,
            country=country,
            fell_back=fell_back,
            channel=channel,
            currency=currency,
            locale=locale,
            packages=packages,
        )

        packages_out.additional_properties = d
        return packages_out

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
