// Command-line flags map onto startViewer's options; bad flags fail clearly.
import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseDuration } from '../src/cli-args.js';

describe('agentspan-viewer flags', () => {
  it('maps every flag', () => {
    expect(
      parseCliArgs([
        '--port', '0', '--host', '0.0.0.0', '--db', ':memory:', '--token', 'abcdefgh',
        '--allow-remote', '--max-turns', '500', '--max-age', '12h',
      ]),
    ).toEqual({ port: 0, host: '0.0.0.0', dbPath: ':memory:', token: 'abcdefgh', allowRemote: true, maxTurns: 500, maxAgeMs: 12 * 3_600_000 });
    expect(parseCliArgs([])).toEqual({});
    expect(parseCliArgs(['--help'])).toBe('help');
  });

  it('parses durations', () => {
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5000')).toBe(5000);
    expect(() => parseDuration('a week')).toThrow(/--max-age/);
  });

  it('rejects unknown flags and bad numbers', () => {
    expect(() => parseCliArgs(['--colour', 'red'])).toThrow(/colour/);
    expect(() => parseCliArgs(['--port', 'http'])).toThrow(/--port must be a non-negative integer/);
  });
});
