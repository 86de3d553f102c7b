from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.overlay_credential_out import OverlayCredentialOut


T = TypeVar("T", bound="IssuedOverlayOut")


@_attrs_define
class IssuedOverlayOut:
    """
    Attributes:
        credential (OverlayCredentialOut):
        token (None | str): Shown once and never stored; null in a replayed answer (revoke the credential and mint
            another if the first answer was lost). Read-only, for this creator's streams only (the overlay page's `token`):
            the LIVE WebSocket and `GET /v1/overlay/setup` accept it; no other endpoint does
    """

    credential: OverlayCredentialOut
    token: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credential = self.credential.to_dict()

        token: None | str
        token = self.token

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "credential": credential,
                "token": token,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.overlay_credential_out import OverlayCredentialOut

        d = dict(src_dict)
        credential = OverlayCredentialOut.from_dict(d.pop("credential"))

        def _parse_token(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        token = _parse_token(d.pop("token"))

        issued_overlay_out = cls(
            credential=credential,
            token=token,
        )

        issued_overlay_out.additional_properties = d
        return issued_overlay_out

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
