from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.audience_in_age_bands_item import AudienceInAgeBandsItem
from ..models.audience_in_genders_item import AudienceInGendersItem
from ..models.audience_in_mode import AudienceInMode
from ..types import UNSET, Unset

T = TypeVar("T", bound="AudienceIn")


@_attrs_define
class AudienceIn:
    """
    Attributes:
        mode (AudienceInMode | Unset):  Default: AudienceInMode.AUTOMATIC.
        age_bands (list[AudienceInAgeBandsItem] | Unset):
        genders (list[AudienceInGendersItem] | Unset):
        interests (list[str] | Unset):
        locations (list[str] | Unset): ISO 3166-1 alpha-2 country codes
    """

    mode: AudienceInMode | Unset = AudienceInMode.AUTOMATIC
    age_bands: list[AudienceInAgeBandsItem] | Unset = UNSET
    genders: list[AudienceInGendersItem] | Unset = UNSET
    interests: list[str] | Unset = UNSET
    locations: list[str] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        mode: str | Unset = UNSET
        if not isinstance(self.mode, Unset):
            mode = self.mode.value

        age_bands: list[str] | Unset = UNSET
        if not isinstance(self.age_bands, Unset):
            age_bands = []
            for age_bands_item_data in self.age_bands:
                age_bands_item = age_bands_item_data.value
                age_bands.append(age_bands_item)

        genders: list[str] | Unset = UNSET
        if not isinstance(self.genders, Unset):
            genders = []
            for genders_item_data in self.genders:
                genders_item = genders_item_data.value
                genders.append(genders_item)

        interests: list[str] | Unset = UNSET
        if not isinstance(self.interests, Unset):
            interests = self.interests

        locations: list[str] | Unset = UNSET
        if not isinstance(self.locations, Unset):
            locations = self.locations

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if mode is not UNSET:
            field_dict["mode"] = mode
        if age_bands is not UNSET:
            field_dict["age_bands"] = age_bands
        if genders is not UNSET:
            field_dict["genders"] = genders
        if interests is not UNSET:
            field_dict["interests"] = interests
        if locations is not UNSET:
            field_dict["locations"] = locations

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        _mode = d.pop("mode", UNSET)
        mode: AudienceInMode | Unset
        if isinstance(_mode, Unset):
            mode = UNSET
        else:
            mode = AudienceInMode(_mode)

        _age_bands = d.pop("age_bands", UNSET)
        age_bands: list[AudienceInAgeBandsItem] | Unset = UNSET
        if _age_bands is not UNSET:
            age_bands = []
            for age_bands_item_data in _age_bands:
                age_bands_item = AudienceInAgeBandsItem(age_bands_item_data)

                age_bands.append(age_bands_item)

        _genders = d.pop("genders", UNSET)
        genders: list[AudienceInGendersItem] | Unset = UNSET
        if _genders is not UNSET:
            genders = []
            for genders_item_data in _genders:
                genders_item = AudienceInGendersItem(genders_item_data)

                genders.append(genders_item)

        interests = cast(list[str], d.pop("interests", UNSET))

        locations = cast(list[str], d.pop("locations", UNSET))

        audience_in = cls(
            mode=mode,
            age_bands=age_bands,
            genders=genders,
            interests=interests,
            locations=locations,
        )

        return audience_in
