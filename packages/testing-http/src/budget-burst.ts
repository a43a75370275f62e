// Concurrent requests against a cost budget: every request of the burst is sent at once,
// the admitted ones wait at a gate in their handler until every other one was answered
// (so all are in flight together, whatever the machine's speed), then finish.
import http from 'node:http';

/** $1 per million input tokens: a call of `PRICED_TOKENS` tokens costs `PRICED_CALL_USD`. */
export const PRICED_MODEL = 'priced-model';
export const PRICES = { [PRICED_MODEL]: { input: 1, output: 0 } };
export const PRICED_TOKENS = 12_500;
export const PRICED_CALL_USD = 0.0125;

/** A gate the admitted handlers wait at; `entered` counts them. */
export class Gate {
  entered = 0;
  private opened = false;
  private waiting: (() => void)[] = [];

  /** Called by a handler: resolves once the gate is open. */
  pass(): Promise<void> {
    this.entered += 1;
    if (this.opened) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  open(): void {
    this.opened = true;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  /** Closed again, with no handler counted (between bursts). */
  reset(): void {
    this.open();
    this.opened = false;
    this.entered = 0;
  }
}

export interface Answer {
  status: number;
  body: string;
}

export function request(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends `count` requests at once; opens the gate once every request was either refused
 * (answered) or admitted (waiting at the gate). Resolves the answers.
 */
export async function burst(port: number, path: string, headers: Record<string, string>, count: number, gate: Gate): Promise<Answer[]> {
  let answered = 0;
  const answers = Array.from({ length: count }, () =>
    request(port, path, headers).then((a) => {
      answered += 1;
      return a;
    }),
  );
  const deadline = Date.now() + 20_000;
  while (answered + gate.entered < count) {
    if (Date.now() > deadline) throw new Error(`burst: ${answered} answered, ${gate.entered} admitted of ${count}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  gate.open();
  return Promise.all(answers);
}
