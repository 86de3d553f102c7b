from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.endpoint_out import EndpointOut


T = TypeVar("T", bound="IssuedEndpointOut")


@_attrs_define
class IssuedEndpointOut:
    """
    Attributes:
        endpoint (EndpointOut):
        secret (str): The signing secret (whsec_...): verify every message with it
    """

    endpoint: EndpointOut
    secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        endpoint = self.endpoint.to_dict()

        secret = self.secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "endpoint": endpoint,
                "secret": secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.endpoint_out import EndpointOut

        d = dict(src_dict)
        endpoint = EndpointOut.from_dict(d.pop("endpoint"))

        secret = d.pop("secret")

        issued_endpoint_out = cls(
            endpoint=endpoint,
            secret=secret,
        )

        issued_endpoint_out.additional_properties = d
        return issued_endpoint_out

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
