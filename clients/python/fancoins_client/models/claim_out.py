from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.claim_out_kind import ClaimOutKind
from ..models.claim_out_state import ClaimOutState

if TYPE_CHECKING:
    from ..models.claim_effects_out import ClaimEffectsOut
    from ..models.purchase_out import PurchaseOut


T = TypeVar("T", bound="ClaimOut")


@_attrs_define
class ClaimOut:
    """
    Attributes:
        id (UUID):
        provider (str):
        kind (ClaimOutKind): refund (Stripe), revocation (Apple), void (Google), dispute (a chargeback)
        state (ClaimOutState): pending: recorded, not applied yet (its purchase unknown or not credited); withdrawn:
            reversed before it applied; applied: in force; reversed: applied, then reversed (a dispute won, a refund
            reversed)
        claim_ref (str): the store's id of the claim
        purchase_ref (str): the store's id of the purchase it is against
        amount_minor (int | None): gross claimed; null: the whole purchase
        reversal_seen (bool):
        user_id (None | str):
        purchase (None | PurchaseOut):
        effects (ClaimEffectsOut):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    id: UUID
    provider: str
    kind: ClaimOutKind
    state: ClaimOutState
    claim_ref: str
    purchase_ref: str
    amount_minor: int | None
    reversal_seen: bool
    user_id: None | str
    purchase: None | PurchaseOut
    effects: ClaimEffectsOut
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.purchase_out import PurchaseOut

        id = str(self.id)

        provider = self.provider

        kind = self.kind.value

        state = self.state.value

        claim_ref = self.claim_ref

        purchase_ref = self.purchase_ref

        amount_minor: int | None
        amount_minor = self.amount_minor

        reversal_seen = self.reversal_seen

        user_id: None | str
        user_id = self.user_id

        purchase: dict[str, Any] | None
        if isinstance(self.purchase, PurchaseOut):
            purchase = self.purchase.to_dict()
        else:
            purchase = self.purchase

        effects = self.effects.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "provider": provider,
                "kind": kind,
                "state": state,
                "claim_ref": claim_ref,
                "purchase_ref": purchase_ref,
                "amount_minor": amount_minor,
                "reversal_seen": reversal_seen,
                "user_id": user_id,
                "purchase": purchase,
                "effects": effects,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.claim_effects_out import ClaimEffectsOut
        from ..models.purchase_out import PurchaseOut

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        provider = d.pop("provider")

        kind = ClaimOutKind(d.pop("kind"))

        state = ClaimOutState(d.pop("state"))

        claim_ref = d.pop("claim_ref")

        purchase_ref = d.pop("purchase_ref")

        def _parse_amount_minor(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        amount_minor = _parse_amount_minor(d.pop("amount_minor"))

        reversal_seen = d.pop("reversal_seen")

        def _parse_user_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        user_id = _parse_user_id(d.pop("user_id"))

        def _parse_purchase(data: object) -> None | PurchaseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                purchase_type_0 = PurchaseOut.from_dict(data)

                return purchase_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PurchaseOut, data)

        purchase = _parse_purchase(d.pop("purchase"))

        effects = ClaimEffectsOut.from_dict(d.pop("effects"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        claim_out = cls(
            id=id,
            provider=provider,
            kind=kind,
            state=state,
            claim_ref=claim_ref,
            purchase_ref=purchase_ref,
            amount_minor=amount_minor,
            reversal_seen=reversal_seen,
            user_id=user_id,
            purchase=purchase,
            effects=effects,
            created_at=created_at,
            updated_at=updated_at,
        )

        claim_out.additional_properties = d
        return claim_out

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
