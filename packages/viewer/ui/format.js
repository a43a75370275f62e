// Readable numbers, costs, durations and times. Never exponent notation: a cost of
// 0.000183 USD must read 0.000183, not 1.83e-4.

// Plain arithmetic rather than Intl: the first Intl.NumberFormat costs tens of ms of page load.

const DASH = '—';

const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);

/** 1234567.5 → "1,234,567.5" */
function group(text) {
  const [whole, fraction] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Decimal text with at most `significant` significant digits, no exponent, no trailing zeros. */
export function plainDecimal(value, significant) {
  if (value === 0) return '0';
  if (Math.abs(value) >= 1e21) return String(value);
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const digits = Math.min(20, Math.max(0, significant - 1 - magnitude));
  const text = value.toFixed(digits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** 12,345 — or a dash when unknown. */
export function formatInt(value) {
  return isNumber(value) ? group(plainDecimal(Math.round(value), 21)) : DASH;
}

/** A number as plain decimal text, up to 15 significant digits. */
export function formatPlain(value) {
  return isNumber(value) ? plainDecimal(value, 15) : String(value);
}

/** $0.000183 — six significant digits, plain decimal; a dash when unknown. */
export function formatCost(usd) {
  if (!isNumber(usd)) return DASH;
  return `${usd < 0 ? '-' : ''}$${group(plainDecimal(Math.abs(usd), 6))}`;
}

/**
 * A cost that may be unknown: "unknown" when calls used tokens but had no price (never $0),
 * "≥ $0.0012" when some calls had none (the sum leaves them out), a dash when nothing used
 * tokens. `unpricedCalls` undefined: not known, a missing cost reads "unknown".
 */
export function formatKnownCost(usd, unpricedCalls) {
  if (!isNumber(usd)) return unpricedCalls === 0 ? DASH : 'unknown';
  return unpricedCalls > 0 ? `≥ ${formatCost(usd)}` : formatCost(usd);
}

/** Why a cost reads as it does (a tooltip), or '' when it is complete. */
export function costNote(usd, unpricedCalls) {
  if (!isNumber(usd) && unpricedCalls === 0) return 'No model call reported tokens or a cost.';
  if (!isNumber(usd)) return 'No model call reported a cost: its model has no known price.';
  if (unpricedCalls > 0) return `${unpricedCalls} model call${unpricedCalls === 1 ? '' : 's'} had no known price and are not counted.`;
  return '';
}

/** 0.42 ms, 12.3 ms, 345 ms, 1.23 s, 2 min 5 s. */
export function formatDuration(ms) {
  if (!isNumber(ms)) return DASH;
  if (ms === 0) return '0 ms';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** A GenAI duration attribute in seconds (TTFT), shown in ms or s. */
export function formatSeconds(seconds) {
  return isNumber(seconds) ? formatDuration(seconds * 1000) : DASH;
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** Local time: 2026-11-21 08:55:01.123 (date left out when `short` and the day is today). */
export function formatTime(epochMs, short = false) {
  if (!isNumber(epochMs)) return DASH;
  const d = new Date(epochMs);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  const today = new Date();
  const sameDay =
    d.getFullYear() === today.getFullYear() &&
    d.getMonth() === today.getMonth() &&
    d.getDate() === today.getDate();
  if (short && sameDay) return time;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/** An attribute value (scalar or array) as one line of text; any value, never throws. */
export function formatValue(value) {
  if (value === null || value === undefined) return DASH;
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (typeof value === 'number') return formatPlain(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? DASH;
  } catch {
    return DASH;
  }
}
