// The raw metric names a PromQL expression reads (ours start with gen_ai_ or agentspan_),
// and the recording rules it reads (names with a colon).
const LABEL_MATCHERS = /\{[^}]*\}/g;
const LABEL_LISTS = /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;
const QUOTED = /"(?:[^"\\]|\\.)*"/g;
const METRIC_NAME = /\b(?:gen_ai|agentspan)_[a-z0-9_]+\b/g;
const RECORDING_RULE_NAME = /\b[a-z_][a-z0-9_]*:[a-z0-9_:]+/g;

function stripLabels(expr: string): string {
  return expr.replace(QUOTED, '""').replace(LABEL_MATCHERS, '').replace(LABEL_LISTS, '');
}

export function metricNamesIn(expr: string): string[] {
  return [...new Set(stripLabels(expr).match(METRIC_NAME) ?? [])];
}

export function recordingRulesIn(expr: string): string[] {
  return [...new Set(stripLabels(expr).match(RECORDING_RULE_NAME) ?? [])];
}
