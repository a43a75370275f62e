// Validation of the `redaction` option at start-up. A rule of the user's runs on every
// exported string, so its pattern must be linear: each is put through the ReDoS checker
// recheck (an optional peer dependency, loaded only when rules are given) and refused with
// an AgentspanConfigError naming the rule unless it is proved safe.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { AgentspanConfigError } from '../errors.js';
import { type KeyList, checkOptionKeys } from '../option-keys.js';
import type { RedactionConfig, RedactionRule } from '../types.js';

export interface ResolvedRedaction {
  builtIn: boolean;
  rules: readonly RedactionRule[];
  hook?: (text: string) => string;
}

const CONFIG_KEYS: KeyList<RedactionConfig> = { builtIn: true, rules: true, hook: true };
const RULE_KEYS: KeyList<RedactionRule> = { name: true, marker: true, pattern: true, accept: true, maxLength: true };
const MAX_RULE_REACH = 65_536;

interface Diagnostics {
  status: 'safe' | 'vulnerable' | 'unknown';
  complexity?: { summary?: string };
  attack?: { pattern?: string };
  error?: { kind?: string; message?: string };
}
type CheckSync = (source: string, flags: string, params?: { timeout?: number }) => Diagnostics;

function loadRecheck(): CheckSync | undefined {
  const bases = [import.meta.url, pathToFileURL(`${process.cwd()}/`).href];
  for (const base of bases) {
    try {
      const checkSync = (createRequire(base)('recheck') as { checkSync?: unknown }).checkSync;
      if (typeof checkSync === 'function') return checkSync as CheckSync;
    } catch {
      // not installed where this base resolves from
    }
  }
  return undefined;
}

let recheck: CheckSync | undefined;

/** Throws unless recheck proves the pattern free of super-linear backtracking. */
function checkLinear(where: string, pattern: RegExp): void {
  recheck ??= loadRecheck();
  if (!recheck) {
    throw new AgentspanConfigError(
      `${where}: redaction rules are checked for catastrophic backtracking by the ReDoS checker "recheck"; install it (npm install recheck)`,
    );
  }
  const result = recheck(pattern.source, pattern.flags.replace(/[gy]/g, ''), { timeout: 10_000 });
  if (result.status === 'safe') return;
  if (result.status === 'vulnerable') {
    const attack = result.attack?.pattern ? ` (slow on ${result.attack.pattern})` : '';
    throw new AgentspanConfigError(
      `${where}: pattern /${pattern.source}/ can take ${result.complexity?.summary ?? 'super-linear'} time on hostile input${attack}; every exported string goes through it, so it must be linear`,
    );
  }
  throw new AgentspanConfigError(
    `${where}: pattern /${pattern.source}/ could not be proved linear (${result.error?.kind ?? 'unknown'}${result.error?.message ? `: ${result.error.message}` : ''}); simplify it`,
  );
}

function checkRule(rule: unknown, index: number, names: Set<string>): RedactionRule {
  const at = `redaction.rules[${index}]`;
  if (typeof rule !== 'object' || rule === null) throw new AgentspanConfigError(`${at} must be an object { name, pattern, marker? }`);
  const r = rule as Record<string, unknown>;
  if (typeof r.name !== 'string' || r.name.trim() === '') throw new AgentspanConfigError(`${at}.name must be a non-empty string`);
  const where = `redaction rule "${r.name}"`;
  if (names.has(r.name)) throw new AgentspanConfigError(`${where}: two rules have this name`);
  names.add(r.name);
  checkOptionKeys(where, r, RULE_KEYS);
  if (!(r.pattern instanceof RegExp)) throw new AgentspanConfigError(`${where}: pattern must be a RegExp`);
  if (r.marker !== undefined && typeof r.marker !== 'string') throw new AgentspanConfigError(`${where}: marker must be a string`);
  if (r.accept !== undefined && typeof r.accept !== 'function') throw new AgentspanConfigError(`${where}: accept must be a function (match) => boolean`);
  const max = r.maxLength;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RULE_REACH)) {
    throw new AgentspanConfigError(`${where}: maxLength must be an integer from 1 to ${MAX_RULE_REACH}`);
  }
  if (new RegExp(r.pattern.source, r.pattern.flags.replace(/[gy]/g, '')).test('')) {
    throw new AgentspanConfigError(`${where}: pattern /${r.pattern.source}/ matches the empty string`);
  }
  checkLinear(where, r.pattern);
  return r as unknown as RedactionRule;
}

export function resolveRedaction(config: RedactionConfig | undefined): ResolvedRedaction {
  if (config === undefined) return { builtIn: true, rules: [] };
  if (typeof config !== 'object' || config === null) throw new AgentspanConfigError('redaction must be an object { builtIn?, rules?, hook? }');
  checkOptionKeys('agentspan config redaction', config, CONFIG_KEYS);
  if (config.builtIn !== undefined && typeof config.builtIn !== 'boolean') throw new AgentspanConfigError('redaction.builtIn must be a boolean');
  const hook = config.hook;
  if (hook !== undefined && typeof hook !== 'function') throw new AgentspanConfigError('redaction.hook must be a function (text) => string');
  const rules = config.rules;
  if (rules !== undefined && !Array.isArray(rules)) throw new AgentspanConfigError('redaction.rules must be an array of { name, pattern, marker? }');
  const names = new Set<string>();
  return {
    builtIn: config.builtIn !== false,
    rules: (rules ?? []).map((rule, i) => checkRule(rule, i, names)),
    hook,
  };
}
