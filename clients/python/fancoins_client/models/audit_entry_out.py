from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.audit_entry_out_data_type_0 import AuditEntryOutDataType0


T = TypeVar("T", bound="AuditEntryOut")


@_attrs_define
class AuditEntryOut:
    """One audit entry: who did what to whom, why, with its details and its place in the
    audit log's hash chain.

        Attributes:
            id (UUID):
            actor (str):
            action (str):
            target (str):
            reason (str):
            data (AuditEntryOutDataType0 | None):
            created_at (datetime.datetime):
            chain_seq (int | None):
            hash_ (None | str):
    """

    id: UUID
    actor: str
    action: str
    target: str
    reason: str
    data: AuditEntryOutDataType0 | None
    created_at: datetime.datetime
    chain_seq: int | None
    hash_: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_entry_out_data_type_0 import AuditEntryOutDataType0

        id = str(self.id)

        actor = self.actor

        action = self.action

        target = self.target

        reason = self.reason

        data: dict[str, Any] | None
        if isinstance(self.data, AuditEntryOutDataType0):
            data = self.data.to_dict()
        else:
            data = self.data

        created_at = self.created_at.isoformat()

        chain_seq: int | None
        chain_seq = self.chain_seq

        hash_: None | str
        hash_ = self.hash_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "actor": actor,
                "action": action,
                "target": target,
                "reason": reason,
                "data": data,
                "created_at": created_at,
                "chain_seq": chain_seq,
                "hash": hash_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.audit_entry_out_data_type_0 import AuditEntryOutDataType0

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        actor = d.pop("actor")

        action = d.pop("action")

        target = d.pop("target")

        reason = d.pop("reason")

        def _parse_data(data: object) -> AuditEntryOutDataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                data_type_0 = AuditEntryOutDataType0.from_dict(data)

                return data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditEntryOutDataType0 | None, data)

        data = _parse_data(d.pop("data"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_chain_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        chain_seq = _parse_chain_seq(d.pop("chain_seq"))

        def _parse_hash_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hash_ = _parse_hash_(d.pop("hash"))

        audit_entry_out = cls(
            id=id,
            actor=actor,
            action=action,
            target=target,
            reason=reason,
            data=data,
            created_at=created_at,
            chain_seq=chain_seq,
            hash_=hash_,
        )

        audit_entry_out.additional_properties = d
        return audit_entry_out

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
