// @ts-check
// The app's one formatter: money and counts for people to read, in the user's locale through
// Intl.NumberFormat (CLDR, as the server's Babel `format_money` / `format_count`). Amounts are
// integer minor units turned into exact decimal strings (string arithmetic, never float math on
// a balance); Intl formats those strings exactly. Exponents mirror
// fancoins.ledger.assets.CURRENCY_EXPONENTS (a test keeps them equal).

import { signal } from "./lib.js";

export const CURRENCY_EXPONENTS = {
  USD: 2, EUR: 2, GBP: 2, CAD: 2, AUD: 2, NZD: 2, CHF: 2, SEK: 2,
  NOK: 2, DKK: 2, PLN: 2, CZK: 2, HUF: 2, RON: 2, TRY: 2, BRL: 2,
  MXN: 2, ARS: 2, COP: 2, CLP: 0, PEN: 2, INR: 2, IDR: 2, PHP: 2,
  THB: 2, MYR: 2, SGD: 2, HKD: 2, TWD: 2, CNY: 2, JPY: 0, KRW: 0,
  VND: 0, ZAR: 2, NGN: 2, EGP: 2, SAR: 2, AED: 2, ILS: 2, KWD: 3,
  BHD: 3, OMR: 3, JOD: 3, PKR: 2, BDT: 2, UAH: 2,
};

/**
 * The signed-in user's locale (BCP 47). Set from the server's locale for the user's country
 * (the one its own prices are formatted in), so coins, money and prices agree on one screen.
 */
export const userLocale = signal(typeof navigator === "undefined" ? "en-US" : navigator.language);

/** "de_DE" (CLDR, as the server names it) → "de-DE" (BCP 47, as Intl takes it). */
export function bcp47(locale) {
  return String(locale || "en-US").replace(/_/g, "-");
}

/** @param {number|bigint|string} value */
function splitSign(value) {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`not an integer: ${text}`);
  const negative = text.startsWith("-");
  const digits = text.replace(/^-/, "").replace(/^0+(?=\d)/, "");
  return { negative: negative && /[1-9]/.test(digits), digits };
}

/** @param {string} currency @param {number} [exponent] */
function exponentOf(currency, exponent) {
  const exp = exponent ?? CURRENCY_EXPONENTS[/** @type {keyof CURRENCY_EXPONENTS} */ (currency)];
  if (exp === undefined) throw new Error(`unknown currency ${currency}`);
  return exp;
}

/** Minor units as an exact decimal string of major units: (12345, 2) → "123.45". */
export function decimalString(amountMinor, exponent) {
  const { negative, digits } = splitSign(amountMinor);
  const padded = digits.padStart(exponent + 1, "0");
  const whole = padded.slice(0, padded.length - exponent);
  const fraction = exponent ? "." + padded.slice(padded.length - exponent) : "";
  return (negative ? "-" : "") + whole + fraction;
}

/** Digits grouped by thousands, English style: "1234567" -> "1,234,567". */
function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** A plain, locale-free amount (inputs, CSV): formatMinor(123456, "USD") === "1,234.56". */
export function formatMinor(amountMinor, currency, exponent) {
  const exp = exponentOf(currency, exponent);
  const text = decimalString(amountMinor, exp);
  const negative = text.startsWith("-");
  const [whole, fraction] = text.replace(/^-/, "").split(".");
  return (negative ? "-" : "") + group(whole) + (fraction ? "." + fraction : "");
}

const formatters = new Map();

/** @param {string} locale @param {Intl.NumberFormatOptions} options */
function formatter(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    // Latin digits, as the server's Babel writes them by default (an Arabic locale still
    // gets its own symbol, separators and direction marks).
    found = new Intl.NumberFormat(bcp47(locale), { numberingSystem: "latn", ...options });
    formatters.set(key, found);
  }
  return found;
}

/**
 * Money in the user's locale: formatMoney(1999, "EUR", {locale: "de-DE"}) === "19,99 €".
 * @param {number|bigint|string} amountMinor
 * @param {string} currency
 * @param {{locale?: string, exponent?: number}} [options]
 */
export function formatMoney(amountMinor, currency, options = {}) {
  const exp = exponentOf(currency, options.exponent);
  const f = formatter(options.locale || userLocale.value, {
    style: "currency", currency, minimumFractionDigits: exp, maximumFractionDigits: exp,
  });
  return exactly(f, decimalString(amountMinor, exp));
}

/**
 * Format a decimal string with no float on the way: Intl takes the string itself as an exact
 * decimal (Intl.NumberFormat v3), so cents survive past 2**53.
 * @param {Intl.NumberFormat} f @param {string} decimal
 */
function exactly(f, decimal) {
  return f.format(/** @type {any} */ (decimal));
}

/** Whole numbers (coins, diamonds, counts) grouped the locale's way: 1,000 / 1.000 / 1 000. */
export function formatCount(value, locale) {
  const { negative, digits } = splitSign(value);
  return formatter(locale || userLocale.value, { maximumFractionDigits: 0 })
    .format(/** @type {any} */ ((negative ? "-" : "") + digits));
}

/** A signed count for statements: "+500", "−25" (the locale's grouping). */
export function signedCount(value, locale) {
  const text = formatCount(String(value).replace(/^-/, ""), locale);
  return Number(value) > 0 ? `+${text}` : Number(value) < 0 ? `−${text}` : text;
}

/** "1 coin", "1,000 coins" */
export function coins(value, locale) {
  return `${formatCount(value, locale)} ${String(value) === "1" ? "coin" : "coins"}`;
}

export const count = formatCount;

/** Extra fraction digits a per-100-coins price may show so real differences stay visible. */
const PER_100_EXTRA_DIGITS = 2;

/**
 * The price of 100 coins in a package, exactly (no rounding that hides a difference):
 * 499 minor for 500 coins → "$0.998"; when even the extra digits are not exact, "≈" leads.
 * @param {number} priceMinor @param {number} packCoins @param {string} currency
 * @param {string} [locale]
 */
export function perHundred(priceMinor, packCoins, currency, locale) {
  const exp = exponentOf(currency);
  const scale = 10n ** BigInt(PER_100_EXTRA_DIGITS);
  const numerator = BigInt(priceMinor) * 100n * scale;
  const value = numerator / BigInt(packCoins);
  const exact = value * BigInt(packCoins) === numerator;
  const f = formatter(locale || userLocale.value, {
    style: "currency", currency, minimumFractionDigits: exp,
    maximumFractionDigits: exp + PER_100_EXTRA_DIGITS,
  });
  const text = exactly(f, decimalString(value, exp + PER_100_EXTRA_DIGITS).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, ""));
  return exact ? text : `≈${text}`;
}

/**
 * A package is the best value only when its price per coin is really lower: at least this
 * many basis points (1/100 of a percent) below every other package's. Flat prices that differ
 * by a rounding cent mark nothing.
 */
export const BEST_VALUE_MIN_SAVING_BP = 100n;

/**
 * The product id of the package that is clearly cheapest per coin, or null.
 * @param {{product_id: string, coins: number, price_minor: number}[]} packages
 */
export function bestValue(packages) {
  if (packages.length < 2) return null;
  // Compare price/coins across packages by cross-multiplying: integers only.
  const sorted = [...packages].sort((a, b) => {
    const left = BigInt(a.price_minor) * BigInt(b.coins);
    const right = BigInt(b.price_minor) * BigInt(a.coins);
    return left < right ? -1 : left > right ? 1 : 0;
  });
  const [best, next] = sorted;
  // best/bc <= next/nc * (1 - saving): best * nc * 10000 <= next * bc * (10000 - saving)
  const lhs = BigInt(best.price_minor) * BigInt(next.coins) * 10000n;
  const rhs = BigInt(next.price_minor) * BigInt(best.coins) * (10000n - BEST_VALUE_MIN_SAVING_BP);
  return lhs <= rhs ? best.product_id : null;
}

/** "1,234.56 USD" (locale-free, for places that show the code, e.g. logs and CSV). */
export function money(amountMinor, currency, exponent) {
  return `${formatMinor(amountMinor, currency, exponent)} ${currency}`;
}

/** "12.50" in USD -> 1250 (minor units), exactly; null when it is not a valid amount. */
export function parseMajor(text, currency) {
  const exp = exponentOf(currency);
  const clean = String(text).trim().replace(/,/g, "");
  const pattern = exp ? new RegExp(`^(\\d+)(?:\\.(\\d{1,${exp}}))?$`) : /^(\d+)$/;
  const match = pattern.exec(clean);
  if (!match) return null;
  const fraction = (match[2] || "").padEnd(exp, "0");
  const minor = (match[1] + fraction).replace(/^0+(?=\d)/, "");
  const value = Number(minor);
  return Number.isSafeInteger(value) ? value : null;
}
