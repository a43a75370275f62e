// Finding 1 over HTTP: a handler's error with a 40 KB or 80 KB message once held the whole
// process for seconds while the error handler redacted it (an unrelated /health request
// waited as long). Proved by bounded work, not by a clock: redaction is only ever given the
// part of the message that is exported, whatever the message's length (what the built-in
// rules then cost per character is the core's redaction bench). The user's hook stands for
// the redaction: with the built-in rules off it is all of it, and it sees what redaction is
// given; the exported message is bounded the same way.
import { Agentspan } from '@agentspan/core';
import { setupOtel, until } from '@agentspan/testing-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentspan, agentspanErrorHandler } from '../src/index.js';

const otel = setupOtel();
const { default: express } = await import('express');

const MAX = 16_384; // contentMaxLength's default
const seen: number[] = [];
const as = new Agentspan({
  redaction: {
    builtIn: false,
    hook: (text) => {
      seen.push(text.length);
      return text;
    },
  },
});

let base = '';
let close = () => {};
beforeAll(async () => {
  const app = express();
  app.use(agentspan({ agentspan: as }));
  app.get('/fail/:kind/:kb', (req) => {
    const unit = req.params.kind === 'digits' ? '1.' : 'x.'; // runs that made the built-in phone and e-mail rules backtrack
    throw new Error(unit.repeat((Number(req.params.kb) * 1024) / 2));
  });
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.use(agentspanErrorHandler());
  app.use((_error: unknown, _req: unknown, res: { status(n: number): { end(): void } }, _next: unknown) => res.status(500).end());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('a handler error with a long message', () => {
  it.each([
    ['letters and dots', 'letters', 40],
    ['letters and dots', 'letters', 80],
    ['digits and dots', 'digits', 80],
  ])('%s (%s), %i KB: redaction sees at most what is exported; the span carries at most that', async (_what, kind, kb) => {
    otel.exporter.reset();
    seen.length = 0;
    const [failed, health] = await Promise.all([fetch(`${base}/fail/${kind}/${kb}`), fetch(`${base}/health`)]);
    expect([failed.status, health.status]).toEqual([500, 200]);
    await until(() => otel.spans().filter((s) => s.events.some((e) => e.name === 'exception')).length === 1);
    const event = otel.spans().flatMap((s) => s.events).find((e) => e.name === 'exception')!;
    expect(String(event.attributes?.['exception.message']).length).toBeLessThanOrEqual(MAX);
    expect(seen.length).toBeGreaterThan(0); // the message and the stack went through redaction
    expect(Math.max(...seen)).toBeLessThanOrEqual(MAX);
  });
});
