// The viewer's options: defaults, validation with clear errors, and the loopback rule.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface ViewerOptions {
  /** Interface to bind. Default 127.0.0.1; anything else needs allowRemote and token. */
  host?: string;
  /** TCP port. Default 4318 (the OTLP/HTTP port); 0 picks a free one. */
  port?: number;
  /** SQLite file, or ':memory:'. Default: <user data dir>/agentspan/viewer.db. */
  dbPath?: string;
  /** Access token for /v1/traces and /api/*. Default: env AGENTSPAN_VIEWER_TOKEN. */
  token?: string;
  /** Must be true to bind a non-loopback host (a token is then required too). */
  allowRemote?: boolean;
  /** Keep at most this many turns (traces). Default 10,000. */
  maxTurns?: number;
  /** Drop turns that started longer ago than this. Default 7 days. */
  maxAgeMs?: number;
  /** Largest accepted request body, after decompression. Default 8 MiB. */
  maxBodyBytes?: number;
  /**
   * A request's headers must arrive within this, and its body within this after them; slower
   * clients get 408 and their connection is closed. Default 10 s.
   */
  requestTimeoutMs?: number;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  dbPath: string;
  token: string | null;
  allowRemote: boolean;
  maxTurns: number;
  maxAgeMs: number;
  maxBodyBytes: number;
  requestTimeoutMs: number;
}

export const TOKEN_ENV = 'AGENTSPAN_VIEWER_TOKEN';
const DAY_MS = 86_400_000;
const KNOWN_KEYS = new Set([
  'host',
  'port',
  'dbPath',
  'token',
  'allowRemote',
  'maxTurns',
  'maxAgeMs',
  'maxBodyBytes',
  'requestTimeoutMs',
]);

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const dataHome =
    env.XDG_DATA_HOME ||
    (process.platform === 'win32'
      ? env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local')
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : join(homedir(), '.local', 'share'));
  return join(dataHome, 'agentspan', 'viewer.db');
}

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function fail(message: string): never {
  throw new TypeError(`@agentspan/viewer: ${message}`);
}

function integer(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`option ${name} must be an integer between ${min} and ${max}, got ${String(value)}`);
  }
  return value;
}

export function resolveOptions(
  options: ViewerOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedOptions {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) fail(`unknown option "${key}"`);
  }
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.trim() === '') fail('option host must be a non-empty string');
  const port = integer('port', options.port ?? 4318, 0, 65535);
  const dbPath = options.dbPath ?? defaultDbPath(env);
  if (typeof dbPath !== 'string' || dbPath === '') fail('option dbPath must be a non-empty string');
  const rawToken = options.token ?? env[TOKEN_ENV];
  if (rawToken !== undefined && typeof rawToken !== 'string') fail('option token must be a string');
  const token = rawToken === undefined || rawToken === '' ? null : rawToken;
  if (token !== null && token.length < 8) fail('the access token must be at least 8 characters');
  const allowRemote = options.allowRemote ?? false;
  if (typeof allowRemote !== 'boolean') fail('option allowRemote must be a boolean');
  if (!isLoopbackHost(host)) {
    if (!allowRemote) {
      fail(
        `refusing to bind non-loopback host "${host}": pass allowRemote: true (--allow-remote) and a token (--token or ${TOKEN_ENV})`,
      );
    }
    if (token === null) {
      fail(`binding non-loopback host "${host}" requires an access token (--token or ${TOKEN_ENV})`);
    }
  }
  return {
    host,
    port,
    dbPath,
    token,
    allowRemote,
    maxTurns: integer('maxTurns', options.maxTurns ?? 10_000, 1, 10_000_000),
    maxAgeMs: integer('maxAgeMs', options.maxAgeMs ?? 7 * DAY_MS, 1, Number.MAX_SAFE_INTEGER),
    maxBodyBytes: integer('maxBodyBytes', options.maxBodyBytes ?? 8 * 1024 * 1024, 1024, 1024 ** 3),
    requestTimeoutMs: integer('requestTimeoutMs', options.requestTimeoutMs ?? 10_000, 100, 600_000),
  };
}
