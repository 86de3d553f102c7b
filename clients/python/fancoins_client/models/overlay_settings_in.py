from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.overlay_settings_in_position import OverlaySettingsInPosition
from ..models.overlay_settings_in_widgets_item import OverlaySettingsInWidgetsItem

T = TypeVar("T", bound="OverlaySettingsIn")


@_attrs_define
class OverlaySettingsIn:
    """
    Attributes:
        widgets (list[OverlaySettingsInWidgetsItem]): the widgets shown
        alert_min_coins (int): gifts worth less raise no alert
        position (OverlaySettingsInPosition):
    """

    widgets: list[OverlaySettingsInWidgetsItem]
    alert_min_coins: int
    position: OverlaySettingsInPosition

    def to_dict(self) -> dict[str, Any]:
        widgets = []
        for widgets_item_data in self.widgets:
            widgets_item = widgets_item_data.value
            widgets.append(widgets_item)

        alert_min_coins = self.alert_min_coins

        position = self.position.value

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "widgets": widgets,
                "alert_min_coins": alert_min_coins,
                "position": position,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        widgets = []
        _widgets = d.pop("widgets")
        for widgets_item_data in _widgets:
            widgets_item = OverlaySettingsInWidgetsItem(widgets_item_data)

            widgets.append(widgets_item)

        alert_min_coins = d.pop("alert_min_coins")

        position = OverlaySettingsInPosition(d.pop("position"))

        overlay_settings_in = cls(
            widgets=widgets,
            alert_min_coins=alert_min_coins,
            position=position,
        )

        return overlay_settings_in
