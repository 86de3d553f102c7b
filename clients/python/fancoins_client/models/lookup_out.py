from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.promotion_out import PromotionOut
    from ..models.purchase_out import PurchaseOut
    from ..models.transfer_out import TransferOut
    from ..models.withdrawal_out import WithdrawalOut


T = TypeVar("T", bound="LookupOut")


@_attrs_define
class LookupOut:
    """What has this id: any of a purchase, a withdrawal, a promotion and a ledger transfer
    (a purchase and the transfer booking it may share one).

        Attributes:
            id (UUID):
            purchase (None | PurchaseOut):
            withdrawal (None | WithdrawalOut):
            promotion (None | PromotionOut):
            transfer (None | TransferOut):
    """

    id: UUID
    purchase: None | PurchaseOut
    withdrawal: None | WithdrawalOut
    promotion: None | PromotionOut
    transfer: None | TransferOut
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.promotion_out import PromotionOut
        from ..models.purchase_out import PurchaseOut
        from ..models.transfer_out import TransferOut
        from ..models.withdrawal_out import WithdrawalOut

        id = str(self.id)

        purchase: dict[str, Any] | None
        if isinstance(self.purchase, PurchaseOut):
            purchase = self.purchase.to_dict()
        else:
            purchase = self.purchase

        withdrawal: dict[str, Any] | None
        if isinstance(self.withdrawal, WithdrawalOut):
            withdrawal = self.withdrawal.to_dict()
        else:
            withdrawal = self.withdrawal

        promotion: dict[str, Any] | None
        if isinstance(self.promotion, PromotionOut):
            promotion = self.promotion.to_dict()
        else:
            promotion = self.promotion

        transfer: dict[str, Any] | None
        if isinstance(self.transfer, TransferOut):
            transfer = self.transfer.to_dict()
        else:
            transfer = self.transfer

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "purchase": purchase,
                "withdrawal": withdrawal,
                "promotion": promotion,
                "transfer": transfer,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.promotion_out import PromotionOut
        from ..models.purchase_out import PurchaseOut
        from ..models.transfer_out import TransferOut
        from ..models.withdrawal_out import WithdrawalOut

        d = dict(src_dict)
        id = UUID(d.pop("id"))

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

        def _parse_withdrawal(data: object) -> None | WithdrawalOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                withdrawal_type_0 = WithdrawalOut.from_dict(data)

                return withdrawal_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WithdrawalOut, data)

        withdrawal = _parse_withdrawal(d.pop("withdrawal"))

        def _parse_promotion(data: object) -> None | PromotionOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                promotion_type_0 = PromotionOut.from_dict(data)

                return promotion_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PromotionOut, data)

        promotion = _parse_promotion(d.pop("promotion"))

        def _parse_transfer(data: object) -> None | TransferOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                transfer_type_0 = TransferOut.from_dict(data)

                return transfer_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TransferOut, data)

        transfer = _parse_transfer(d.pop("transfer"))

        lookup_out = cls(
            id=id,
            purchase=purchase,
            withdrawal=withdrawal,
            promotion=promotion,
            transfer=transfer,
        )

        lookup_out.additional_properties = d
        return lookup_out

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
