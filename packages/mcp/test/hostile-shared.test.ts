// Both sides under the hostile inputs every agentspan suite shares (@agentspan/testing-hostile),
// property-based with the fixed seed: a tool handler that returns hostile values, throws hostile
// errors or returns odd promises; a caller's `_meta` that is a hostile value or carries huge or
// malformed trace keys; content capture on or off. Each exchange runs twice, untraced and with
// both transports traced: the caller (the SDK's Client, or a raw JSON-RPC peer talking to the
// server) must see the same thing, no span may stay open, and no rejection may go unhandled
// that the untraced run did not leave.
import {
  type BodySpec,
  type HostileLimits,
  type StringSpec,
  type ValueSpec,
  bodySpec,
  buildBody,
  buildString,
  buildValue,
  checkProperty,
  fc,
  fuzzParams,
  runsSummary,
  stringSpec,
  trackUnhandledRejections,
  valueSpec,
} from '@agentspan/testing-hostile';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, describe, expect, it } from 'vitest';
import { traceMcpTransport } from '../src/index.js';
import { useTestEnv } from './support/env.js';
import { linkedPair, rawEnd } from './support/raw.js';

const LIMITS: HostileLimits = { hugeString: 1 << 17, message: 2048, hugeArray: 5_000, depth: 300 };
// Hang detection only, the same for both runs: the SDK itself never answers some hostile
// results and requests (a result it cannot read, a _meta its parser rejects on a raw peer's
// message); every other answer, in memory, comes within milliseconds. Kept short: each such
// case waits for it twice.
const NO_ANSWER_MS = 2_500;
const env = useTestEnv({ instrument: false });
afterAll(() => console.log(runsSummary('mcp')));

type MetaSpec =
  | { kind: 'absent' }
  | { kind: 'value'; value: ValueSpec }
  | { kind: 'keys'; traceparent: StringSpec; tracestate: StringSpec; baggage: StringSpec };

const metaSpec: fc.Arbitrary<MetaSpec> = fc.oneof(
  fc.constant({ kind: 'absent' } as const),
  valueSpec(LIMITS).map((value) => ({ kind: 'value', value }) as const),
  fc
    .record({ traceparent: stringSpec(LIMITS.hugeString), tracestate: stringSpec(LIMITS.hugeString), baggage: stringSpec(LIMITS.hugeString) })
    .map((keys) => ({ kind: 'keys', ...keys }) as const),
);

function buildMeta(spec: MetaSpec): unknown {
  if (spec.kind === 'absent') return undefined;
  if (spec.kind === 'value') return buildValue(spec.value);
  return { traceparent: buildString(spec.traceparent), tracestate: buildString(spec.tracestate), baggage: buildString(spec.baggage) };
}

/** A short, deterministic account of what the caller got, whatever it is (hostile values included). */
function describeValue(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    return text === undefined ? typeof value : text.slice(0, 300);
  } catch {
    return `unreadable ${typeof value}`;
  }
}

function describeError(error: unknown): string {
  try {
    if (error instanceof Error) return `${error.name} ${describeValue((error as { code?: unknown }).code)} ${error.message.slice(0, 300)}`;
  } catch {
    // a hostile error's getters
  }
  return `thrown ${describeValue(error)}`;
}

function orderServer(body: BodySpec): McpServer {
  const handler = buildBody(body, new Map());
  const server = new McpServer({ name: 'orders', version: '1.0.0' });
  // The handler's return is handed to the SDK as is: the odd promises are the point.
  server.tool('lookup_order', 'Finds an order', handler as never); // tool(): in every SDK of the peer range
  return server;
}

type Caller = 'sdk-client' | 'raw-peer';

/** One exchange: the view of the caller, traced on both sides or on neither. */
async function exchange(caller: Caller, body: BodySpec, meta: MetaSpec, traced: boolean): Promise<string> {
  const [clientSide, serverSide] = linkedPair();
  const server = orderServer(body);
  await server.connect(traced ? traceMcpTransport(serverSide) : serverSide);
  const params = { name: 'lookup_order', arguments: { orderId: '42' }, _meta: buildMeta(meta) };
  try {
    if (caller === 'raw-peer') {
      const peer = await rawEnd(clientSide);
      try {
        await clientSide.send({ jsonrpc: '2.0', id: 7, method: 'tools/call', params } as never);
      } catch (error) {
        // The in-memory transport hands the message to the server's parser synchronously.
        return `send threw ${describeError(error)}`;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const noAnswer = new Promise((resolve) => {
        timer = setTimeout(() => resolve('no answer'), NO_ANSWER_MS);
      });
      try {
        return `answered ${describeValue(await Promise.race([peer.next(), noAnswer]))}`;
      } finally {
        clearTimeout(timer);
      }
    }
    const client = new Client({ name: 'support-agent', version: '1.0.0' });
    await client.connect(traced ? traceMcpTransport(clientSide) : clientSide);
    try {
      return `returned ${describeValue(await client.callTool(params as never, undefined, { timeout: NO_ANSWER_MS }))}`;
    } catch (error) {
      return `threw ${describeError(error)}`;
    }
  } finally {
    await server.close();
  }
}

describe('hostile handlers, results and _meta, on both sides', () => {
  const scenario = fc.record({
    caller: fc.constantFrom('sdk-client', 'raw-peer') as fc.Arbitrary<Caller>,
    body: bodySpec(LIMITS),
    meta: metaSpec,
    capture: fc.boolean(),
  });
  const unhandled = trackUnhandledRejections();
  afterAll(() => unhandled.restore());

  it('the caller sees what it sees untraced; every span ends; no new unhandled rejection', async () => {
    await checkProperty(
      fc.asyncProperty(scenario, async ({ caller, body, meta, capture }) => {
        await env.harness.reset();
        const untraced = await exchange(caller, body, meta, false);
        await new Promise((resolve) => setTimeout(resolve, 0));
        const leftUntraced = unhandled.take();
        env.configure({ captureContent: capture });
        const traced = await exchange(caller, body, meta, true);
        expect(traced).toBe(untraced);
        const spans = await env.spans(); // throws when a span is left open
        expect(spans.some((span) => span.name.startsWith('tools/call'))).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 0));
        expect(unhandled.take()).toBeLessThanOrEqual(leftUntraced);
      }),
      fuzzParams('mcp exchanges', 60),
    );
  }, 600_000);
});
