from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.transfer_out_user_data_type_0 import TransferOutUserDataType0


T = TypeVar("T", bound="TransferOut")


@_attrs_define
class TransferOut:
    """
    Attributes:
        id (UUID):
        debit_account_id (str):
        credit_account_id (str):
        asset (str):
        amount (int):
        code (str):
        flags (list[str]):
        pending_id (None | UUID):
        pending_status (None | str):
        expires_at (datetime.datetime | None):
        user_data (None | TransferOutUserDataType0):
        created_at (datetime.datetime):
    """

    id: UUID
    debit_account_id: str
    credit_account_id: str
    asset: str
    amount: int
    code: str
    flags: list[str]
    pending_id: None | UUID
    pending_status: None | str
    expires_at: datetime.datetime | None
    user_data: None | TransferOutUserDataType0
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.transfer_out_user_data_type_0 import TransferOutUserDataType0

        id = str(self.id)

        debit_account_id = self.debit_account_id

        credit_account_id = self.credit_account_id

        asset = self.asset

        amount = self.amount

        code = self.code

        flags = self.flags

        pending_id: None | str
        if isinstance(self.pending_id, UUID):
            pending_id = str(self.pending_id)
        else:
            pending_id = self.pending_id

        pending_status: None | str
        pending_status = self.pending_status

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        user_data: dict[str, Any] | None
        if isinstance(self.user_data, TransferOutUserDataType0):
            user_data = self.user_data.to_dict()
        else:
            user_data = self.user_data

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "debit_account_id": debit_account_id,
                "credit_account_id": credit_account_id,
                "asset": asset,
                "amount": amount,
                "code": code,
                "flags": flags,
                "pending_id": pending_id,
                "pending_status": pending_status,
                "expires_at": expires_at,
                "user_data": user_data,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.transfer_out_user_data_type_0 import TransferOutUserDataType0

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        debit_account_id = d.pop("debit_account_id")

        credit_account_id = d.pop("credit_account_id")

        asset = d.pop("asset")

        amount = d.pop("amount")

        code = d.pop("code")

        flags = cast(list[str], d.pop("flags"))

        def _parse_pending_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                pending_id_type_0 = UUID(data)

                return pending_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        pending_id = _parse_pending_id(d.pop("pending_id"))

        def _parse_pending_status(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        pending_status = _parse_pending_status(d.pop("pending_status"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_user_data(data: object) -> None | TransferOutUserDataType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                user_data_type_0 = TransferOutUserDataType0.from_dict(data)

                return user_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransferOutUserDataType0, data)

        user_data = _parse_user_data(d.pop("user_data"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        transfer_out = cls(
            id=id,
            debit_account_id=debit_account_id,
            credit_account_id=credit_account_id,
            asset=asset,
            amount=amount,
            code=code,
            flags=flags,
            pending_id=pending_id,
            pending_status=pending_status,
            expires_at=expires_at,
            user_data=user_data,
            created_at=created_at,
        )

        transfer_out.additional_properties = d
        return transfer_out

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
