from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.hold_out_decision_type_0 import HoldOutDecisionType0
from ..models.hold_out_rule import HoldOutRule

T = TypeVar("T", bound="HoldOut")


@_attrs_define
class HoldOut:
    """Why a purchase was held, and what became of the hold.

    Attributes:
        rule (HoldOutRule):
        reason (str):
        held_at (datetime.datetime):
        decision (HoldOutDecisionType0 | None):
        decided_by (None | str):
        decision_reason (None | str):
        decided_at (datetime.datetime | None):
    """

    rule: HoldOutRule
    reason: str
    held_at: datetime.datetime
    decision: HoldOutDecisionType0 | None
    decided_by: None | str
    decision_reason: None | str
    decided_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule.value

        reason = self.reason

        held_at = self.held_at.isoformat()

        decision: None | str
        if isinstance(self.decision, HoldOutDecisionType0):
            decision = self.decision.value
        else:
            decision = self.decision

        decided_by: None | str
        decided_by = self.decided_by

        decision_reason: None | str
        decision_reason = self.decision_reason

        decided_at: None | str
        if isinstance(self.decided_at, datetime.datetime):
            decided_at = self.decided_at.isoformat()
        else:
            decided_at = self.decided_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "rule": rule,
                "reason": reason,
                "held_at": held_at,
                "decision": decision,
                "decided_by": decided_by,
                "decision_reason": decision_reason,
                "decided_at": decided_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        rule = HoldOutRule(d.pop("rule"))

        reason = d.pop("reason")

        held_at = datetime.datetime.fromisoformat(d.pop("held_at"))

        def _parse_decision(data: object) -> HoldOutDecisionType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decision_type_0 = HoldOutDecisionType0(data)

                return decision_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(HoldOutDecisionType0 | None, data)

        decision = _parse_decision(d.pop("decision"))

        def _parse_decided_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decided_by = _parse_decided_by(d.pop("decided_by"))

        def _parse_decision_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        decision_reason = _parse_decision_reason(d.pop("decision_reason"))

        def _parse_decided_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                decided_at_type_0 = datetime.datetime.fromisoformat(data)

                return decided_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        decided_at = _parse_decided_at(d.pop("decided_at"))

        hold_out = cls(
            rule=rule,
            reason=reason,
            held_at=held_at,
            decision=decision,
            decided_by=decided_by,
            decision_reason=decision_reason,
            decided_at=decided_at,
        )

        hold_out.additional_properties = d
        return hold_out

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
