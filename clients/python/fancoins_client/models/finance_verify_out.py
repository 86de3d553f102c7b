from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.finance_asset_sum_out import FinanceAssetSumOut
    from ..models.finance_finding_out import FinanceFindingOut


T = TypeVar("T", bound="FinanceVerifyOut")


@_attrs_define
class FinanceVerifyOut:
    """
    Attributes:
        ok (bool):
        accounts (int):
        transfers (int):
        errors (int):
        notices (int):
        asset_sums (list[FinanceAssetSumOut]): Per asset; both sums must be 0
        findings (list[FinanceFindingOut]):
    """

    ok: bool
    accounts: int
    transfers: int
    errors: int
    notices: int
    asset_sums: list[FinanceAssetSumOut]
    findings: list[FinanceFindingOut]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        accounts = self.accounts

        transfers = self.transfers

        errors = self.errors

        notices = self.notices

        asset_sums = []
        for asset_sums_item_data in self.asset_sums:
            asset_sums_item = asset_sums_item_data.to_dict()
            asset_sums.append(asset_sums_item)

        findings = []
        for findings_item_data in self.findings:
            findings_item = findings_item_data.to_dict()
            findings.append(findings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "accounts": accounts,
                "transfers": transfers,
                "errors": errors,
                "notices": notices,
                "asset_sums": asset_sums,
                "findings": findings,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.finance_asset_sum_out import FinanceAssetSumOut
        from ..models.finance_finding_out import FinanceFindingOut

        d = dict(src_dict)
        ok = d.pop("ok")

        accounts = d.pop("accounts")

        transfers = d.pop("transfers")

        errors = d.pop("errors")

        notices = d.pop("notices")

        asset_sums = []
        _asset_sums = d.pop("asset_sums")
        for asset_sums_item_data in _asset_sums:
            asset_sums_item = FinanceAssetSumOut.from_dict(asset_sums_item_data)

            asset_sums.append(asset_sums_item)

        findings = []
        _findings = d.pop("findings")
        for findings_item_data in _findings:
            findings_item = FinanceFindingOut.from_dict(findings_item_data)

            findings.append(findings_item)

        finance_verify_out = cls(
            ok=ok,
            accounts=accounts,
            transfers=transfers,
            errors=errors,
            notices=notices,
            asset_sums=asset_sums,
            findings=findings,
        )

        finance_verify_out.additional_properties = d
        return finance_verify_out

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
