from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.statement_line_out_details import StatementLineOutDetails


T = TypeVar("T", bound="StatementLineOut")


@_attrs_define
class StatementLineOut:
    """
    Attributes:
        id (UUID):
        created_at (datetime.datetime):
        kind (str):
        label (str):
        code (str):
        asset (str):
        amount (int):
        balance_change (int):
        state (str):
        details (StatementLineOutDetails):
    """

    id: UUID
    created_at: datetime.datetime
    kind: str
    label: str
    code: str
    asset: str
    amount: int
    balance_change: int
    state: str
    details: StatementLineOutDetails
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_at = self.created_at.isoformat()

        kind = self.kind

        label = self.label

        code = self.code

        asset = self.asset

        amount = self.amount

        balance_change = self.balance_change

        state = self.state

        details = self.details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "created_at": created_at,
                "kind": kind,
                "label": label,
                "code": code,
                "asset": asset,
                "amount": amount,
                "balance_change": balance_change,
                "state": state,
                "details": details,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.statement_line_out_details import StatementLineOutDetails

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        kind = d.pop("kind")

        label = d.pop("label")

        code = d.pop("code")

        asset = d.pop("asset")

        amount = d.pop("amount")

        balance_change = d.pop("balance_change")

        state = d.pop("state")

        details = StatementLineOutDetails.from_dict(d.pop("details"))

        statement_line_out = cls(
            id=id,
            created_at=created_at,
            kind=kind,
            label=label,
            code=code,
            asset=asset,
            amount=amount,
            balance_change=balance_change,
            state=state,
            details=details,
        )

        statement_line_out.additional_properties = d
        return statement_line_out

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
