from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gift_batch_result_out_problem_type_0 import (
        GiftBatchResultOutProblemType0,
    )
    from ..models.gift_sent_out import GiftSentOut


T = TypeVar("T", bound="GiftBatchResultOut")


@_attrs_define
class GiftBatchResultOut:
    """One gift's answer, as `POST /v1/gifts/send` would have given it: `status` 201 with
    `gift`, or the status of `problem` (an RFC 9457 body with its `type`). A 503 may have been
    sent: send the item again with the same key to learn its outcome.

        Attributes:
            idempotency_key (str):
            status (int):
            gift (GiftSentOut | None | Unset):
            problem (GiftBatchResultOutProblemType0 | None | Unset):
            replayed (bool | Unset): the key's first answer, replayed Default: False.
    """

    idempotency_key: str
    status: int
    gift: GiftSentOut | None | Unset = UNSET
    problem: GiftBatchResultOutProblemType0 | None | Unset = UNSET
    replayed: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.gift_batch_result_out_problem_type_0 import (
            GiftBatchResultOutProblemType0,
        )
        from ..models.gift_sent_out import GiftSentOut

        idempotency_key = self.idempotency_key

        status = self.status

        gift: dict[str, Any] | None | Unset
        if isinstance(self.gift, Unset):
            gift = UNSET
        elif isinstance(self.gift, GiftSentOut):
            gift = self.gift.to_dict()
        else:
            gift = self.gift

        problem: dict[str, Any] | None | Unset
        if isinstance(self.problem, Unset):
            problem = UNSET
        elif isinstance(self.problem, GiftBatchResultOutProblemType0):
            problem = self.problem.to_dict()
        else:
            problem = self.problem

        replayed = self.replayed

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "idempotency_key": idempotency_key,
                "status": status,
            }
        )
        if gift is not UNSET:
            field_dict["gift"] = gift
        if problem is not UNSET:
            field_dict["problem"] = problem
        if replayed is not UNSET:
            field_dict["replayed"] = replayed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gift_batch_result_out_problem_type_0 import (
            GiftBatchResultOutProblemType0,
        )
        from ..models.gift_sent_out import GiftSentOut

        d = dict(src_dict)
        idempotency_key = d.pop("idempotency_key")

        status = d.pop("status")

        def _parse_gift(data: object) -> GiftSentOut | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                gift_type_0 = GiftSentOut.from_dict(data)

                return gift_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GiftSentOut | None | Unset, data)

        gift = _parse_gift(d.pop("gift", UNSET))

        def _parse_problem(
            data: object,
        ) -> GiftBatchResultOutProblemType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                problem_type_0 = GiftBatchResultOutProblemType0.from_dict(data)

                return problem_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GiftBatchResultOutProblemType0 | None | Unset, data)

        problem = _parse_problem(d.pop("problem", UNSET))

        replayed = d.pop("replayed", UNSET)

        gift_batch_result_out = cls(
            idempotency_key=idempotency_key,
            status=status,
            gift=gift,
            problem=problem,
            replayed=replayed,
        )

        gift_batch_result_out.additional_properties = d
        return gift_batch_result_out

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
