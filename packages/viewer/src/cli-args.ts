// Command-line flags to ViewerOptions.
import { parseArgs } from 'node:util';
import type { ViewerOptions } from './options.js';

export const USAGE = `Usage: agentspan-viewer [options]

  --port <n>        port (default 4318; 0 picks a free one)
  --host <addr>     interface to bind (default 127.0.0.1)
  --db <path>       SQLite file, or :memory: (default: per-user data directory)
  --token <t>       access token for /v1/traces and /api (or AGENTSPAN_VIEWER_TOKEN)
  --allow-remote    allow a non-loopback --host (requires a token)
  --max-turns <n>   keep at most n turns (default 10000)
  --max-age <dur>   drop turns older than this: 7d, 12h, 30m, 90s or milliseconds (default 7d)
  --help            show this help
`;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function integer(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

export function parseDuration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
  if (match === null) throw new Error(`--max-age must look like 7d, 12h, 30m, 90s or 5000, got "${value}"`);
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1));
}

/** Returns the options, or 'help' for --help; throws on unknown or malformed flags. */
export function parseCliArgs(args: readonly string[]): ViewerOptions | 'help' {
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      token: { type: 'string' },
      'allow-remote': { type: 'boolean' },
      'max-turns': { type: 'string' },
      'max-age': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) return 'help';
  const options: ViewerOptions = {};
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) options.port = integer('port', values.port);
  if (values.db !== undefined) options.dbPath = values.db;
  if (values.token !== undefined) options.token = values.token;
  if (values['allow-remote'] === true) options.allowRemote = true;
  if (values['max-turns'] !== undefined) options.maxTurns = integer('max-turns', values['max-turns']);
  if (values['max-age'] !== undefined) options.maxAgeMs = parseDuration(values['max-age']);
  return options;
}
