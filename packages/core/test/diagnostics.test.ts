// Regression of issue 17 finding 6: the report-once set filled at 256 kinds and every
// later internal fault was dropped silently. Now the oldest kind is forgotten instead,
// warnings keyed by data have their own bound, and a flood is held back with a note.
import { captureDiagnostics } from '@agentspan/testing-hostile';
import { describe, expect, it } from 'vitest';
import { DiagnosticLog } from '../src/diagnostic-log.js';
import { reportInternal, warnOnce } from '../src/index.js';

describe('internal fault reports', () => {
  it('a new kind of fault is still reported after 300 others and after 1000 data-keyed warnings', () => {
    const diag = captureDiagnostics();
    try {
      for (let i = 0; i < 1000; i++) warnOnce(`unknown-model:m${i}`, `no price for m${i}`);
      for (let i = 0; i < 300; i++) reportInternal(`kind ${i}`, new Error('x'));
      diag.lines.length = 0;
      reportInternal('a fault after the set was full', new Error('still seen'));
      expect(diag.lines).toEqual(['agentspan: a fault after the set was full still seen']);
    } finally {
      diag.restore();
    }
  });

  it('each kind once; the kinds kept are bounded; a flood is held back with a note and counted later', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new DiagnosticLog((m) => lines.push(m), 4, 3, () => now);
    for (const k of ['a', 'a', 'b', 'c']) log.once(k, k, undefined);
    expect(lines).toEqual(['a', 'b', 'c']);
    log.once('d', 'd', undefined);
    log.once('e', 'e', undefined);
    expect(lines.slice(3)).toEqual([expect.stringMatching(/holding the rest back/)]);
    expect(log.size).toBe(3);
    now += 60_000;
    log.once('d', 'd', undefined);
    expect(lines.slice(4)).toEqual([expect.stringMatching(/2 more diagnostics were held back/), 'd']);
    for (let i = 0; i < 100; i++) {
      now += 60_000;
      log.once(`k${i}`, `k${i}`, undefined);
    }
    expect(log.size).toBe(4);
  });

  it('never throws: a throwing logger, an unprintable error', () => {
    const log = new DiagnosticLog(() => {
      throw new Error('logger');
    });
    expect(() => log.once('x', 'x', undefined)).not.toThrow();
    const unprintable = { toString: () => { throw new Error('toString'); }, get message() { throw new Error('message'); } };
    expect(() => reportInternal('unprintable', unprintable)).not.toThrow();
  });
});
