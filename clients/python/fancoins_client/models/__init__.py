"""Contains all the data models used in inputs/outputs"""

from .account_line_out import AccountLineOut
from .account_out import AccountOut
from .adjustment_in import AdjustmentIn
from .adjustment_out import AdjustmentOut
from .api_key_in import ApiKeyIn
from .api_key_out import ApiKeyOut
from .api_key_page import ApiKeyPage
from .apple_notification_in import AppleNotificationIn
from .apple_purchase_in import ApplePurchaseIn
from .asset_sum_out import AssetSumOut
from .attempt_out import AttemptOut
from .audience_in import AudienceIn
from .audience_in_age_bands_item import AudienceInAgeBandsItem
from .audience_in_genders_item import AudienceInGendersItem
from .audience_in_mode import AudienceInMode
from .audience_out import AudienceOut
from .audit_entry_out import AuditEntryOut
from .audit_entry_out_data_type_0 import AuditEntryOutDataType0
from .audit_page import AuditPage
from .battle_answer_in import BattleAnswerIn
from .battle_creator_out import BattleCreatorOut
from .battle_in import BattleIn
from .battle_out import BattleOut
from .battle_out_result_type_0 import BattleOutResultType0
from .battle_out_status import BattleOutStatus
from .battle_out_winner_side_type_0 import BattleOutWinnerSideType0
from .battle_page import BattlePage
from .battle_side_out import BattleSideOut
from .battle_side_out_side import BattleSideOutSide
from .board_entry_out import BoardEntryOut
from .board_out import BoardOut
from .breakage_out import BreakageOut
from .buying_caps_in import BuyingCapsIn
from .buying_use_out import BuyingUseOut
from .cancel_in import CancelIn
from .caps_out import CapsOut
from .check_out import CheckOut
from .checkout_in import CheckoutIn
from .checkout_out import CheckoutOut
from .checkout_out_revenue_source import CheckoutOutRevenueSource
from .checkout_out_status import CheckoutOutStatus
from .claim_effects_out import ClaimEffectsOut
from .claim_out import ClaimOut
from .claim_out_kind import ClaimOutKind
from .claim_out_state import ClaimOutState
from .claim_page import ClaimPage
from .code_amount_out import CodeAmountOut
from .coins_out import CoinsOut
from .coins_value_out import CoinsValueOut
from .comment_gift_out import CommentGiftOut
from .comment_out import CommentOut
from .comment_page import CommentPage
from .currency_out import CurrencyOut
from .daily_earnings_out import DailyEarningsOut
from .deferred_line_out import DeferredLineOut
from .delivery_in import DeliveryIn
from .delivery_out import DeliveryOut
from .diamonds_out import DiamondsOut
from .earnings_out import EarningsOut
from .economy_out import EconomyOut
from .endpoint_in import EndpointIn
from .endpoint_out import EndpointOut
from .endpoint_page import EndpointPage
from .endpoint_patch import EndpointPatch
from .endpoint_summary_out import EndpointSummaryOut
from .event_type_out import EventTypeOut
from .fan_club_out import FanClubOut
from .finance_asset_sum_out import FinanceAssetSumOut
from .finance_coins_out import FinanceCoinsOut
from .finance_diamonds_out import FinanceDiamondsOut
from .finance_finding_out import FinanceFindingOut
from .finance_report_out import FinanceReportOut
from .finance_verify_out import FinanceVerifyOut
from .finding_out import FindingOut
from .freeze_in import FreezeIn
from .get_price_list_channel import GetPriceListChannel
from .get_statement_format import GetStatementFormat
from .gift_batch_in import GiftBatchIn
from .gift_batch_item_in import GiftBatchItemIn
from .gift_batch_out import GiftBatchOut
from .gift_batch_result_out import GiftBatchResultOut
from .gift_batch_result_out_problem_type_0 import GiftBatchResultOutProblemType0
from .gift_in import GiftIn
from .gift_minute_out import GiftMinuteOut
from .gift_out import GiftOut
from .gift_patch import GiftPatch
from .gift_rate_out import GiftRateOut
from .gift_send_in import GiftSendIn
from .gift_sent_out import GiftSentOut
from .gifter_out import GifterOut
from .gifts_out import GiftsOut
from .goal_in import GoalIn
from .goal_in_kind import GoalInKind
from .goal_list import GoalList
from .goal_out import GoalOut
from .goal_out_status import GoalOutStatus
from .google_purchase_in import GooglePurchaseIn
from .guardian_link_in import GuardianLinkIn
from .guardian_link_out import GuardianLinkOut
from .healthz_response_healthz import HealthzResponseHealthz
from .held_purchase_out import HeldPurchaseOut
from .held_purchase_page import HeldPurchasePage
from .hold_decision_in import HoldDecisionIn
from .hold_out import HoldOut
from .hold_out_decision_type_0 import HoldOutDecisionType0
from .hold_out_rule import HoldOutRule
from .issued_endpoint_out import IssuedEndpointOut
from .issued_key_out import IssuedKeyOut
from .issued_overlay_out import IssuedOverlayOut
from .liability_out import LiabilityOut
from .lift_in import LiftIn
from .limits_in import LimitsIn
from .limits_out import LimitsOut
from .limits_view_out import LimitsViewOut
from .list_battles_status_type_0 import ListBattlesStatusType0
from .list_deliveries_state_type_0 import ListDeliveriesStateType0
from .list_packages_channel import ListPackagesChannel
from .lookup_out import LookupOut
from .member_out import MemberOut
from .member_page import MemberPage
from .message_out import MessageOut
from .message_out_body import MessageOutBody
from .minor_out import MinorOut
from .money_parts_out import MoneyPartsOut
from .my_clubs import MyClubs
from .notification_out import NotificationOut
from .overlay_credential_in import OverlayCredentialIn
from .overlay_credential_out import OverlayCredentialOut
from .overlay_gift_out import OverlayGiftOut
from .overlay_settings_in import OverlaySettingsIn
from .overlay_settings_in_position import OverlaySettingsInPosition
from .overlay_settings_in_widgets_item import OverlaySettingsInWidgetsItem
from .overlay_settings_out import OverlaySettingsOut
from .overlay_settings_out_position import OverlaySettingsOutPosition
from .overlay_settings_out_widgets_item import OverlaySettingsOutWidgetsItem
from .overlay_setup_out import OverlaySetupOut
from .overlay_stream_out import OverlayStreamOut
from .package_in import PackageIn
from .package_out import PackageOut
from .packages_out import PackagesOut
from .page_account_out import PageAccountOut
from .page_transfer_out import PageTransferOut
from .patch_price_list_channel import PatchPriceListChannel
from .payout_line_out import PayoutLineOut
from .payout_method_in import PayoutMethodIn
from .payout_method_out import PayoutMethodOut
from .pending_out import PendingOut
from .period import Period
from .period_out import PeriodOut
from .ping_out import PingOut
from .price_list_in import PriceListIn
from .price_list_patch import PriceListPatch
from .problem_body import ProblemBody
from .problem_body_errors_type_0_item import ProblemBodyErrorsType0Item
from .promotion_in import PromotionIn
from .promotion_in_objective import PromotionInObjective
from .promotion_out import PromotionOut
from .promotion_page import PromotionPage
from .purchase_claims_kind_type_0 import PurchaseClaimsKindType0
from .purchase_claims_state_type_0 import PurchaseClaimsStateType0
from .purchase_out import PurchaseOut
from .purchase_out_revenue_source import PurchaseOutRevenueSource
from .purchase_out_status import PurchaseOutStatus
from .purchase_page import PurchasePage
from .put_price_list_channel import PutPriceListChannel
from .released_out import ReleasedOut
from .report_format import ReportFormat
from .reset_price_list_channel import ResetPriceListChannel
from .restriction_in import RestrictionIn
from .restriction_out import RestrictionOut
from .restriction_scope import RestrictionScope
from .results_out import ResultsOut
from .review_in import ReviewIn
from .rotation_in import RotationIn
from .sales_line_out import SalesLineOut
from .scope import Scope
from .secret_out import SecretOut
from .spending_caps_in import SpendingCapsIn
from .spent_out import SpentOut
from .statement_kind import StatementKind
from .statement_line_out import StatementLineOut
from .statement_line_out_details import StatementLineOutDetails
from .statement_out import StatementOut
from .status_entry_out import StatusEntryOut
from .status_out import StatusOut
from .stream_gifter_out import StreamGifterOut
from .stream_in import StreamIn
from .stream_out import StreamOut
from .stream_page import StreamPage
from .stream_summary_out import StreamSummaryOut
from .stream_summary_page import StreamSummaryPage
from .supporter_out import SupporterOut
from .transfer_out import TransferOut
from .transfer_out_user_data_type_0 import TransferOutUserDataType0
from .unlink_out import UnlinkOut
from .user_in import UserIn
from .user_out import UserOut
from .user_page import UserPage
from .user_restriction_out import UserRestrictionOut
from .user_safety_out import UserSafetyOut
from .verify_out import VerifyOut
from .video_detail_out import VideoDetailOut
from .video_in import VideoIn
from .video_out import VideoOut
from .video_page import VideoPage
from .wallet_out import WalletOut
from .webhook_ack import WebhookAck
from .webhook_delivery_counts import WebhookDeliveryCounts
from .webhook_delivery_detail_out import WebhookDeliveryDetailOut
from .webhook_delivery_out import WebhookDeliveryOut
from .webhook_delivery_out_state import WebhookDeliveryOutState
from .webhook_delivery_page import WebhookDeliveryPage
from .withdrawal_in import WithdrawalIn
from .withdrawal_out import WithdrawalOut
from .withdrawal_page import WithdrawalPage

__all__ = (
    "AccountLineOut",
    "AccountOut",
    "AdjustmentIn",
    "AdjustmentOut",
    "ApiKeyIn",
    "ApiKeyOut",
    "ApiKeyPage",
    "AppleNotificationIn",
    "ApplePurchaseIn",
    "AssetSumOut",
    "AttemptOut",
    "AudienceIn",
    "AudienceInAgeBandsItem",
    "AudienceInGendersItem",
    "AudienceInMode",
    "AudienceOut",
    "AuditEntryOut",
    "AuditEntryOutDataType0",
    "AuditPage",
    "BattleAnswerIn",
    "BattleCreatorOut",
    "BattleIn",
    "BattleOut",
    "BattleOutResultType0",
    "BattleOutStatus",
    "BattleOutWinnerSideType0",
    "BattlePage",
    "BattleSideOut",
    "BattleSideOutSide",
    "BoardEntryOut",
    "BoardOut",
    "BreakageOut",
    "BuyingCapsIn",
    "BuyingUseOut",
    "CancelIn",
    "CapsOut",
    "CheckOut",
    "CheckoutIn",
    "CheckoutOut",
    "CheckoutOutRevenueSource",
    "CheckoutOutStatus",
    "ClaimEffectsOut",
    "ClaimOut",
    "ClaimOutKind",
    "ClaimOutState",
    "ClaimPage",
    "CodeAmountOut",
    "CoinsOut",
    "CoinsValueOut",
    "CommentGiftOut",
    "CommentOut",
    "CommentPage",
    "CurrencyOut",
    "DailyEarningsOut",
    "DeferredLineOut",
    "DeliveryIn",
    "DeliveryOut",
    "DiamondsOut",
    "EarningsOut",
    "EconomyOut",
    "EndpointIn",
    "EndpointOut",
    "EndpointPage",
    "EndpointPatch",
    "EndpointSummaryOut",
    "EventTypeOut",
    "FanClubOut",
    "FinanceAssetSumOut",
    "FinanceCoinsOut",
    "FinanceDiamondsOut",
    "FinanceFindingOut",
    "FinanceReportOut",
    "FinanceVerifyOut",
    "FindingOut",
    "FreezeIn",
    "GetPriceListChannel",
    "GetStatementFormat",
    "GiftBatchIn",
    "GiftBatchItemIn",
    "GiftBatchOut",
    "GiftBatchResultOut",
    "GiftBatchResultOutProblemType0",
    "GiftIn",
    "GiftMinuteOut",
    "GiftOut",
    "GiftPatch",
    "GiftRateOut",
    "GiftSendIn",
    "GiftSentOut",
    "GifterOut",
    "GiftsOut",
    "GoalIn",
    "GoalInKind",
    "GoalList",
    "GoalOut",
    "GoalOutStatus",
    "GooglePurchaseIn",
    "GuardianLinkIn",
    "GuardianLinkOut",
    "HealthzResponseHealthz",
    "HeldPurchaseOut",
    "HeldPurchasePage",
    "HoldDecisionIn",
    "HoldOut",
    "HoldOutDecisionType0",
    "HoldOutRule",
    "IssuedEndpointOut",
    "IssuedKeyOut",
    "IssuedOverlayOut",
    "LiabilityOut",
    "LiftIn",
    "LimitsIn",
    "LimitsOut",
    "LimitsViewOut",
    "ListBattlesStatusType0",
    "ListDeliveriesStateType0",
    "ListPackagesChannel",
    "LookupOut",
    "MemberOut",
    "MemberPage",
    "MessageOut",
    "MessageOutBody",
    "MinorOut",
    "MoneyPartsOut",
    "MyClubs",
    "NotificationOut",
    "OverlayCredentialIn",
    "OverlayCredentialOut",
    "OverlayGiftOut",
    "OverlaySettingsIn",
    "OverlaySettingsInPosition",
    "OverlaySettingsInWidgetsItem",
    "OverlaySettingsOut",
    "OverlaySettingsOutPosition",
    "OverlaySettingsOutWidgetsItem",
    "OverlaySetupOut",
    "OverlayStreamOut",
    "PackageIn",
    "PackageOut",
    "PackagesOut",
    "PageAccountOut",
    "PageTransferOut",
    "PatchPriceListChannel",
    "PayoutLineOut",
    "PayoutMethodIn",
    "PayoutMethodOut",
    "PendingOut",
    "Period",
    "PeriodOut",
    "PingOut",
    "PriceListIn",
    "PriceListPatch",
    "ProblemBody",
    "ProblemBodyErrorsType0Item",
    "PromotionIn",
    "PromotionInObjective",
    "PromotionOut",
    "PromotionPage",
    "PurchaseClaimsKindType0",
    "PurchaseClaimsStateType0",
    "PurchaseOut",
    "PurchaseOutRevenueSource",
    "PurchaseOutStatus",
    "PurchasePage",
    "PutPriceListChannel",
    "ReleasedOut",
    "ReportFormat",
    "ResetPriceListChannel",
    "RestrictionIn",
    "RestrictionOut",
    "RestrictionScope",
    "ResultsOut",
    "ReviewIn",
    "RotationIn",
    "SalesLineOut",
    "Scope",
    "SecretOut",
    "SpendingCapsIn",
    "SpentOut",
    "StatementKind",
    "StatementLineOut",
    "StatementLineOutDetails",
    "StatementOut",
    "StatusEntryOut",
    "StatusOut",
    "StreamGifterOut",
    "StreamIn",
    "StreamOut",
    "StreamPage",
    "StreamSummaryOut",
    "StreamSummaryPage",
    "SupporterOut",
    "TransferOut",
    "TransferOutUserDataType0",
    "UnlinkOut",
    "UserIn",
    "UserOut",
    "UserPage",
    "UserRestrictionOut",
    "UserSafetyOut",
    "VerifyOut",
    "VideoDetailOut",
    "VideoIn",
    "VideoOut",
    "VideoPage",
    "WalletOut",
    "WebhookAck",
    "WebhookDeliveryCounts",
    "WebhookDeliveryDetailOut",
    "WebhookDeliveryOut",
    "WebhookDeliveryOutState",
    "WebhookDeliveryPage",
    "WithdrawalIn",
    "WithdrawalOut",
    "WithdrawalPage",
)
