from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.account_line_out import AccountLineOut
    from ..models.breakage_out import BreakageOut
    from ..models.check_out import CheckOut
    from ..models.deferred_line_out import DeferredLineOut
    from ..models.finance_coins_out import FinanceCoinsOut
    from ..models.finance_diamonds_out import FinanceDiamondsOut
    from ..models.finance_verify_out import FinanceVerifyOut
    from ..models.payout_line_out import PayoutLineOut
    from ..models.period_out import PeriodOut
    from ..models.sales_line_out import SalesLineOut


T = TypeVar("T", bound="FinanceReportOut")


@_attrs_define
class FinanceReportOut:
    """
    Attributes:
        period (PeriodOut):
        generated_at (datetime.datetime):
        ties (bool): Every check holds and verify found no error
        sales (list[SalesLineOut]):
        coins (FinanceCoinsOut):
        deferred_revenue (list[DeferredLineOut]):
        diamonds (FinanceDiamondsOut):
        payouts (list[PayoutLineOut]):
        accounts (list[AccountLineOut]):
        breakage (BreakageOut):
        verify (FinanceVerifyOut):
        checks (list[CheckOut]):
        notes (list[str]):
    """

    period: PeriodOut
    generated_at: datetime.datetime
    ties: bool
    sales: list[SalesLineOut]
    coins: FinanceCoinsOut
    deferred_revenue: list[DeferredLineOut]
    diamonds: FinanceDiamondsOut
    payouts: list[PayoutLineOut]
    accounts: list[AccountLineOut]
    breakage: BreakageOut
    verify: FinanceVerifyOut
    checks: list[CheckOut]
    notes: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        period = self.period.to_dict()

        generated_at = self.generated_at.isoformat()

        ties = self.ties

        sales = []
        for sales_item_data in self.sales:
            sales_item = sales_item_data.to_dict()
            sales.append(sales_item)

        coins = self.coins.to_dict()

        deferred_revenue = []
        for deferred_revenue_item_data in self.deferred_revenue:
            deferred_revenue_item = deferred_revenue_item_data.to_dict()
            deferred_revenue.append(deferred_revenue_item)

        diamonds = self.diamonds.to_dict()

        payouts = []
        for payouts_item_data in self.payouts:
            payouts_item = payouts_item_data.to_dict()
            payouts.append(payouts_item)

        accounts = []
        for accounts_item_data in self.accounts:
            accounts_item = accounts_item_data.to_dict()
            accounts.append(accounts_item)

        breakage = self.breakage.to_dict()

        verify = self.verify.to_dict()

        checks = []
        for checks_item_data in self.checks:
            checks_item = checks_item_data.to_dict()
            checks.append(checks_item)

        notes = self.notes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "period": period,
                "generated_at": generated_at,
                "ties": ties,
                "sales": sales,
                "coins": coins,
                "deferred_revenue": deferred_revenue,
                "diamonds": diamonds,
                "payouts": payouts,
                "accounts": accounts,
                "breakage": breakage,
                "verify": verify,
                "checks": checks,
                "notes": notes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.account_line_out import AccountLineOut
        from ..models.breakage_out import BreakageOut
        from ..models.check_out import CheckOut
        from ..models.deferred_line_out import DeferredLineOut
        from ..models.finance_coins_out import FinanceCoinsOut
        from ..models.finance_diamonds_out import FinanceDiamondsOut
        from ..models.finance_verify_out import FinanceVerifyOut
        from ..models.payout_line_out import PayoutLineOut
        from ..models.period_out import PeriodOut
        from ..models.sales_line_out import SalesLineOut

        d = dict(src_dict)
        period = PeriodOut.from_dict(d.pop("period"))

        generated_at = datetime.datetime.fromisoformat(d.pop("generated_at"))

        ties = d.pop("ties")

        sales = []
        _sales = d.pop("sales")
        for sales_item_data in _sales:
            sales_item = SalesLineOut.from_dict(sales_item_data)

            sales.append(sales_item)

        coins = FinanceCoinsOut.from_dict(d.pop("coins"))

        deferred_revenue = []
        _deferred_revenue = d.pop("deferred_revenue")
        for deferred_revenue_item_data in _deferred_revenue:
            deferred_revenue_item = DeferredLineOut.from_dict(
                deferred_revenue_item_data
            )

            deferred_revenue.append(deferred_revenue_item)

        diamonds = FinanceDiamondsOut.from_dict(d.pop("diamonds"))

        payouts = []
        _payouts = d.pop("payouts")
        for payouts_item_data in _payouts:
            payouts_item = PayoutLineOut.from_dict(payouts_item_data)

            payouts.append(payouts_item)

        accounts = []
        _accounts = d.pop("accounts")
        for accounts_item_data in _accounts:
            accounts_item = AccountLineOut.from_dict(accounts_item_data)

            accounts.append(accounts_item)

        breakage = BreakageOut.from_dict(d.pop("breakage"))

        verify = FinanceVerifyOut.from_dict(d.pop("verify"))

        checks = []
        _checks = d.pop("checks")
        for checks_item_data in _checks:
            checks_item = CheckOut.from_dict(checks_item_data)

            checks.append(checks_item)

        notes = cast(list[str], d.pop("notes"))

        finance_report_out = cls(
            period=period,
            generated_at=generated_at,
            ties=ties,
            sales=sales,
            coins=coins,
            deferred_revenue=deferred_revenue,
            diamonds=diamonds,
            payouts=payouts,
            accounts=accounts,
            breakage=breakage,
            verify=verify,
            checks=checks,
            notes=notes,
        )

        finance_report_out.additional_properties = d
        return finance_report_out

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
