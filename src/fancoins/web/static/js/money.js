// Exact money and count formatting from integer minor units: string arithmetic only,
// never float math on a balance. Exponents mirror fancoins.ledger.assets.CURRENCY_EXPONENTS
// (a test keeps them equal).

export const CURRENCY_EXPONENTS = {
  USD: 2, EUR: 2, GBP: 2, CAD: 2, AUD: 2, NZD: 2, CHF: 2, SEK: 2,
  NOK: 2, DKK: 2, PLN: 2, CZK: 2, HUF: 2, RON: 2, TRY: 2, BRL: 2,
  MXN: 2, ARS: 2, COP: 2, CLP: 0, PEN: 2, INR: 2, IDR: 2, PHP: 2,
  THB: 2, MYR: 2, SGD: 2, HKD: 2, TWD: 2, CNY: 2, JPY: 0, KRW: 0,
  VND: 0, ZAR: 2, NGN: 2, EGP: 2, SAR: 2, AED: 2, ILS: 2, KWD: 3,
  BHD: 3, OMR: 3, JOD: 3, PKR: 2, BDT: 2, UAH: 2,
};

/** Digits grouped by thousands: "1234567" -> "1,234,567". */
function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** An integer (number, bigint or digit string) as a sign and a digit string. */
function splitSign(value) {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`not an integer: ${text}`);
  const negative = text.startsWith("-");
  const digits = text.replace(/^-/, "").replace(/^0+(?=\d)/, "");
  return { negative: negative && /[1-9]/.test(digits), digits };
}

/** formatMinor(123456, "USD") === "1,234.56"; formatMinor(5, "KWD") === "0.005". */
export function formatMinor(amountMinor, currency, exponent) {
  const exp = exponent ?? CURRENCY_EXPONENTS[currency];
  if (exp === undefined) throw new Error(`unknown currency ${currency}`);
  const { negative, digits } = splitSign(amountMinor);
  const padded = digits.padStart(exp + 1, "0");
  const whole = padded.slice(0, padded.length - exp);
  const fraction = exp ? "." + padded.slice(padded.length - exp) : "";
  return (negative ? "-" : "") + group(whole) + fraction;
}

/** "1,234.56 USD" */
export function money(amountMinor, currency, exponent) {
  return `${formatMinor(amountMinor, currency, exponent)} ${currency}`;
}

/** Whole numbers (coins, diamonds, counts) with thousands separators. */
export function count(value) {
  const { negative, digits } = splitSign(value);
  return (negative ? "-" : "") + group(digits);
}

/** "1 coin", "1,000 coins" */
export function coins(value) {
  return `${count(value)} ${String(value) === "1" ? "coin" : "coins"}`;
}

/** "12.50" in USD -> 1250 (minor units), exactly; null when it is not a valid amount. */
export function parseMajor(text, currency) {
  const exp = CURRENCY_EXPONENTS[currency];
  const clean = String(text).trim().replace(/,/g, "");
  const pattern = exp ? new RegExp(`^(\\d+)(?:\\.(\\d{1,${exp}}))?$`) : /^(\d+)$/;
  const match = pattern.exec(clean);
  if (!match) return null;
  const fraction = (match[2] || "").padEnd(exp, "0");
  const minor = (match[1] + fraction).replace(/^0+(?=\d)/, "");
  const value = Number(minor);
  return Number.isSafeInteger(value) ? value : null;
}
