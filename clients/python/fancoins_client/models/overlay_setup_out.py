from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.overlay_gift_out import OverlayGiftOut
    from ..models.overlay_settings_out import OverlaySettingsOut
    from ..models.overlay_stream_out import OverlayStreamOut


T = TypeVar("T", bound="OverlaySetupOut")


@_attrs_define
class OverlaySetupOut:
    """
    Attributes:
        stream (OverlayStreamOut):
        settings (OverlaySettingsOut):
        gifts (list[OverlayGiftOut]):
    """

    stream: OverlayStreamOut
    settings: OverlaySettingsOut
    gifts: list[OverlayGiftOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        stream = self.stream.to_dict()

        settings = self.settings.to_dict()

        gifts = []
        for gifts_item_data in self.gifts:
            gifts_item = gifts_item_data.to_dict()
            gifts.append(gifts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "stream": stream,
                "settings": settings,
                "gifts": gifts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.overlay_gift_out import OverlayGiftOut
        from ..models.overlay_settings_out import OverlaySettingsOut
        from ..models.overlay_stream_out import OverlayStreamOut

        d = dict(src_dict)
        stream = OverlayStreamOut.from_dict(d.pop("stream"))

        settings = OverlaySettingsOut.from_dict(d.pop("settings"))

        gifts = []
        _gifts = d.pop("gifts")
        for gifts_item_data in _gifts:
            gifts_item = OverlayGiftOut.from_dict(gifts_item_data)

            gifts.append(gifts_item)

        overlay_setup_out = cls(
            stream=stream,
            settings=settings,
            gifts=gifts,
        )

        overlay_setup_out.additional_properties = d
        return overlay_setup_out

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
