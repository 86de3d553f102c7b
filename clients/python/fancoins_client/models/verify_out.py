from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.asset_sum_out import AssetSumOut
    from ..models.finding_out import FindingOut


T = TypeVar("T", bound="VerifyOut")


@_attrs_define
class VerifyOut:
    """
    Attributes:
        ok (bool):
        accounts (int):
        transfers (int):
        asset_sums (list[AssetSumOut]): Recomputed from the transfers
        findings (list[FindingOut]):
        findings_total (int):
    """

    ok: bool
    accounts: int
    transfers: int
    asset_sums: list[AssetSumOut]
    findings: list[FindingOut]
    findings_total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        accounts = self.accounts

        transfers = self.transfers

        asset_sums = []
        for asset_sums_item_data in self.asset_sums:
            asset_sums_item = asset_sums_item_data.to_dict()
            asset_sums.append(asset_sums_item)

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)

        findings_total = self.findings_total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "accounts": accounts,
                "transfers": transfers,
                "asset_sums": asset_sums,
                "findings": findings,
                "findings_total": findings_total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.asset_sum_out import AssetSumOut
        from ..models.finding_out import FindingOut

        d = dict(src_dict)
        ok = d.pop("ok")

        accounts = d.pop("accounts")

        transfers = d.pop("transfers")

        asset_sums = []
        _asset_sums = d.pop("asset_sums")
        for asset_sums_item_data in _asset_sums:
            asset_sums_item = AssetSumOut.from_dict(asset_sums_item_data)

            asset_sums.append(asset_sums_item)

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in _findings:
            findings_item = FindingOut.from_dict(findings_item_data)

            findings.append(findings_item)

        findings_total = d.pop("findings_total")

        verify_out = cls(
            ok=ok,
            accounts=accounts,
            transfers=transfers,
            asset_sums=asset_sums,
            findings=findings,
            findings_total=findings_total,
        )

        verify_out.additional_properties = d
        return verify_out

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
