// @ts-check
// The API's shapes for the app's JSDoc, generated from /openapi.json (see tsconfig.json): a
// renamed or removed field is a `make lint` failure, not a blank on a screen.

/** @typedef {import("fancoins-api").components["schemas"]} Schemas */
/** @typedef {Schemas["WalletOut"]} WalletOut */
/** @typedef {Schemas["UserOut"]} UserOut */
/** @typedef {Schemas["StatusOut"]} StatusOut */
/** @typedef {Schemas["AuditPage"]} AuditPage */
/** @typedef {Schemas["StatusEntryOut"]} StatusEntryOut */
/** @typedef {Schemas["MinorOut"]} MinorOut */
/** @typedef {Schemas["CapsOut"]} CapsOut */
/** @typedef {Schemas["EarningsOut"]} EarningsOut */
/** @typedef {Schemas["GifterOut"]} GifterOut */
/** @typedef {Schemas["LimitsViewOut"]} LimitsViewOut */
/** @typedef {Schemas["StatementOut"]} StatementOut */
/** @typedef {Schemas["StatementLineOut"]} StatementLineOut */
/** @typedef {Schemas["PackagesOut"]} PackagesOut */
/** @typedef {Schemas["PackageOut"]} PackageOut */
/** @typedef {Schemas["CheckoutOut"]} CheckoutOut */
/** @typedef {Schemas["StreamOut"]} StreamOut */
/** @typedef {Schemas["StreamPage"]} StreamPage */
/** @typedef {Schemas["StreamSummaryPage"]} StreamSummaryPage */
/** @typedef {Schemas["GiftOut"]} GiftOut */
/** @typedef {Schemas["OverlaySetupOut"]} OverlaySetupOut */
/** @typedef {Schemas["GiftSentOut"]} GiftSentOut */
/** @typedef {Schemas["BoardOut"]} BoardOut */
/** @typedef {Schemas["EconomyOut"]} EconomyOut */
/** @typedef {Schemas["FinanceReportOut"]} FinanceReportOut */
/** @typedef {Schemas["WithdrawalOut"]} WithdrawalOut */
/** @typedef {Schemas["WithdrawalPage"]} WithdrawalPage */
/** @typedef {Schemas["HeldPurchaseOut"]} HeldPurchaseOut */
/** @typedef {Schemas["HeldPurchasePage"]} HeldPurchasePage */
/** @typedef {Schemas["PromotionOut"]} PromotionOut */
/** @typedef {Schemas["PromotionPage"]} PromotionPage */
/** @typedef {Schemas["ClaimOut"]} ClaimOut */
/** @typedef {Schemas["ClaimPage"]} ClaimPage */
/** @typedef {Schemas["DevUserOut"]} DevUserOut */
/** @typedef {Schemas["SessionOut"]} SessionOut */
/** @typedef {Schemas["BattleOut"]} BattleOut */
/** @typedef {Schemas["BattlePage"]} BattlePage */
/** @typedef {Schemas["GoalOut"]} GoalOut */
/** @typedef {Schemas["MemberOut"]} MemberOut */
/** @typedef {Schemas["OverlaySettingsOut"]} OverlaySettingsOut */
/** @typedef {Schemas["VideoDetailOut"]} VideoDetailOut */
/** @typedef {Schemas["VideoPage"]} VideoPage */
/** @typedef {Schemas["CommentPage"]} CommentPage */

export {};
/** @typedef {Schemas["ApiKeyOut"]} ApiKeyOut */
/** @typedef {Schemas["ApiKeyPage"]} ApiKeyPage */
/** @typedef {Schemas["IssuedKeyOut"]} IssuedKeyOut */
/** @typedef {Schemas["UserPage"]} UserPage */
/** @typedef {Schemas["LookupOut"]} LookupOut */
/** @typedef {Schemas["PackagesOut"]} PackagesAdminOut */
/** @typedef {Schemas["UserSafetyOut"]} UserSafetyOut */
/** @typedef {Schemas["GuardianLinkOut"]} GuardianLinkOut */
/** @typedef {Schemas["RestrictionOut"]} RestrictionOut */
/** @typedef {Schemas["PurchaseOut"]} PurchaseOut */
/** @typedef {Schemas["PurchasePage"]} PurchasePage */
