// One pass of redaction over a bounded window: every detector reports findings on the
// original text, overlaps are resolved once (earliest start, then longest, then detector
// order), and the output is built in one go. Only the first `limit` characters are kept,
// and only `limit + reach` are ever scanned, so a 1 MB value costs what its export costs.

/** A span of the text to replace. */
export interface Finding {
  start: number;
  end: number;
  replacement: string;
}

export interface Detector {
  readonly name: string;
  /**
   * The longest text this detector must see whole to recognise what starts before the cut:
   * the window is scanned this far past the last character kept.
   */
  readonly reach: number;
  /** Appends the findings in `text`, in order of start. Linear in text.length. */
  scan(text: string, out: Finding[]): void;
}

function byPosition(a: Finding, b: Finding): number {
  return a.start - b.start || b.end - a.end;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** text cut to at most n UTF-16 units without splitting a surrogate pair. */
export function cutAt(text: string, n: number): string {
  if (text.length <= n) return text;
  if (n <= 0) return '';
  return text.slice(0, isHighSurrogate(text.charCodeAt(n - 1)) ? n - 1 : n);
}

export function reachOf(detectors: readonly Detector[]): number {
  let reach = 0;
  for (const d of detectors) reach = Math.max(reach, d.reach);
  return reach;
}

/**
 * The first `limit` characters of text with every finding replaced (a finding that starts
 * before `limit` is replaced whole). Scans at most `limit + reach` characters.
 */
export function redactWindow(detectors: readonly Detector[], reach: number, text: string, limit: number): string {
  const windowEnd = Math.min(text.length, limit + reach);
  const window = cutAt(text, windowEnd);
  const findings: Finding[] = [];
  for (const detector of detectors) detector.scan(window, findings);
  const keep = Math.min(limit, text.length);
  if (findings.length === 0) return keep >= window.length ? window : cutAt(window, keep);
  // Stable: among equal spans the earlier detector wins.
  findings.sort(byPosition);
  let out = '';
  let pos = 0;
  for (const f of findings) {
    if (f.start < pos) continue; // inside a longer or earlier finding
    if (f.start >= keep) break;
    out += window.slice(pos, f.start) + f.replacement;
    pos = f.end;
  }
  if (pos < keep) out += cutAt(window, keep).slice(pos);
  return out;
}
