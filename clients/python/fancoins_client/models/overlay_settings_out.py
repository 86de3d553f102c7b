from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.overlay_settings_out_position import OverlaySettingsOutPosition
from ..models.overlay_settings_out_widgets_item import OverlaySettingsOutWidgetsItem

T = TypeVar("T", bound="OverlaySettingsOut")


@_attrs_define
class OverlaySettingsOut:
    """
    Attributes:
        creator_id (str):
        widgets (list[OverlaySettingsOutWidgetsItem]):
        alert_min_coins (int):
        position (OverlaySettingsOutPosition):
        updated_at (datetime.datetime | None): null: never saved (the defaults)
    """

    creator_id: str
    widgets: list[OverlaySettingsOutWidgetsItem]
    alert_min_coins: int
    position: OverlaySettingsOutPosition
    updated_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        creator_id = self.creator_id

        widgets = []
        for widgets_item_data in self.widgets:
            widgets_item = widgets_item_data.value
            widgets.append(widgets_item)

        alert_min_coins = self.alert_min_coins

        position = self.position.value

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "creator_id": creator_id,
                "widgets": widgets,
                "alert_min_coins": alert_min_coins,
                "position": position,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        creator_id = d.pop("creator_id")

        widgets = []
        _widgets = d.pop("widgets")
        for widgets_item_data in _widgets:
            widgets_item = OverlaySettingsOutWidgetsItem(widgets_item_data)

            widgets.append(widgets_item)

        alert_min_coins = d.pop("alert_min_coins")

        position = OverlaySettingsOutPosition(d.pop("position"))

        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)

                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))

        overlay_settings_out = cls(
            creator_id=creator_id,
            widgets=widgets,
            alert_min_coins=alert_min_coins,
            position=position,
            updated_at=updated_at,
        )

        overlay_settings_out.additional_properties = d
        return overlay_settings_out

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
