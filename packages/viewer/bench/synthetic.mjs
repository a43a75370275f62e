// Synthetic agent turns for the large-store bench, encoded as OTLP/protobuf by a small
// hand-written encoder (the real SDK and serialiser are used by the ingest bench; making a
// million spans with them would take longer than ingesting them). Each turn has the S1 shape
// (invoke_agent → search_memory, retrieval, chat, execute_tool, chat, upsert_memory), with
// varied agents, services, frameworks, models (one without a price), durations, streamed TTFT,
// failures by category, conversations of several turns and, on a fifth of the turns, captured
// messages drawn from a vocabulary (so that search has common and rare words to find).

const WORDS = (
  'order refund invoice shipping delivery account password reset subscription cancel upgrade ' +
  'billing payment card address warehouse tracking parcel courier return exchange discount coupon ' +
  'loyalty points balance statement receipt tax vat currency euro dollar yen transfer bank wallet ' +
  'login email phone verification code support agent ticket priority urgent delay damaged missing ' +
  'wrong size colour stock backorder preorder gift wrap voucher promotion newsletter privacy policy ' +
  'terms contract renewal trial plan premium basic family student business enterprise quota limit'
).split(' ');
const CJK_PHRASES = ['注文の状況を教えてください', '退款什么时候到账', '配送先を変更したい'];
const AGENTS = ['support-agent', 'billing-agent', 'triage-agent', 'research-agent', 'router'];
const SERVICES = ['shop-api', 'helpdesk', 'billing-svc'];
const FRAMEWORKS = ['langchain', 'ai-sdk', 'llamaindex'];
const MODELS = [
  { name: 'gpt-4o-mini', provider: 'openai', price: [0.15, 0.6] },
  { name: 'claude-3-5-haiku', provider: 'anthropic', price: [0.8, 4] },
  { name: 'local-llama', provider: 'ollama', price: null },
];
const CATEGORIES = ['rate_limit', 'timeout', 'server_error', 'context_length_exceeded'];

// ---- protobuf writer ----
class Pb {
  constructor() {
    this.parts = [];
    this.length = 0;
  }
  raw(buf) {
    this.parts.push(buf);
    this.length += buf.length;
    return this;
  }
  varint(value) {
    const bytes = [];
    let v = BigInt(value);
    while (v > 0x7fn) {
      bytes.push(Number((v & 0x7fn) | 0x80n));
      v >>= 7n;
    }
    bytes.push(Number(v));
    return this.raw(Buffer.from(bytes));
  }
  tag(field, wire) {
    return this.varint((field << 3) | wire);
  }
  bytes(field, buf) {
    return this.tag(field, 2).varint(buf.length).raw(buf);
  }
  string(field, text) {
    return this.bytes(field, Buffer.from(text, 'utf8'));
  }
  message(field, pb) {
    return this.bytes(field, pb.toBuffer());
  }
  fixed64(field, value) {
    const buf = Buffer.alloc(8);
    buf.writeBigUInt64LE(BigInt(value));
    return this.tag(field, 1).raw(buf);
  }
  double(field, value) {
    const buf = Buffer.alloc(8);
    buf.writeDoubleLE(value);
    return this.tag(field, 1).raw(buf);
  }
  toBuffer() {
    return Buffer.concat(this.parts, this.length);
  }
}

function anyValue(value) {
  const pb = new Pb();
  if (typeof value === 'string') pb.string(1, value);
  else if (typeof value === 'boolean') pb.tag(2, 0).varint(value ? 1 : 0);
  else if (Number.isInteger(value)) pb.tag(3, 0).varint(value);
  else if (typeof value === 'number') pb.double(4, value);
  else if (Array.isArray(value)) {
    const array = new Pb();
    for (const v of value) array.message(1, anyValue(v));
    pb.message(5, array);
  }
  return pb;
}

function keyValues(pb, field, attributes) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    pb.message(field, new Pb().string(1, key).message(2, anyValue(value)));
  }
}

const nanos = (ms) => BigInt(Math.round(ms * 1000)) * 1000n;

function encodeSpan(span) {
  const pb = new Pb().bytes(1, span.traceId).bytes(2, span.spanId);
  if (span.parentSpanId) pb.bytes(4, span.parentSpanId);
  pb.string(5, span.name).tag(6, 0).varint(span.kind).fixed64(7, nanos(span.startMs)).fixed64(8, nanos(span.endMs));
  keyValues(pb, 9, span.attributes);
  if (span.error) pb.message(15, new Pb().string(2, span.error).tag(3, 0).varint(2));
  return pb;
}

/** One ExportTraceServiceRequest per service: { service: spans[] }. */
export function encodeRequest(spansByService) {
  const request = new Pb();
  for (const [service, spans] of Object.entries(spansByService)) {
    const resource = new Pb();
    keyValues(resource, 1, { 'service.name': service, 'telemetry.sdk.language': 'nodejs' });
    const scope = new Pb().message(1, new Pb().string(1, '@agentspan/core').string(2, '0.1.0'));
    for (const span of spans) scope.message(2, encodeSpan(span));
    request.message(1, new Pb().message(1, resource).message(2, scope));
  }
  return request.toBuffer();
}

// ---- turns ----
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const id = (n, bytes, salt) => {
  const buf = Buffer.alloc(bytes);
  buf.writeUInt32BE(salt >>> 0, 0);
  buf.writeUInt32BE(n >>> 0, bytes - 4);
  if (bytes === 16) buf.writeUInt32BE(0x5eed, 4);
  return buf;
};

export const RARE_WORD = 'zanzibar';
export const SPANS_PER_TURN = 7;

/**
 * Turn number `i` as its 7 spans. Turns are spread over `spreadMs` ending at `endMs`; turn i of
 * conversation c = floor(i / 8) follows its predecessor by a minute.
 */
export function makeTurn(i, { endMs, spreadMs, totalTurns }) {
  const r = rng(i + 1);
  const traceId = id(i + 1, 16, 0xa9e7);
  const spanId = (n) => id(i * 8 + n + 1, 8, 0x51a7);
  const agent = AGENTS[i % AGENTS.length];
  const service = SERVICES[i % SERVICES.length];
  const framework = FRAMEWORKS[(i >> 2) % FRAMEWORKS.length];
  const model = MODELS[i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0];
  const conversation = `conv-${Math.floor(i / 8)}`;
  const user = `user-${i % 997}`;
  const start = endMs - spreadMs + (spreadMs * i) / totalTurns;
  const failed = r() < 0.04 ? CATEGORIES[Math.floor(r() * CATEGORIES.length)] : null;
  const captured = i % 5 === 0;
  const words = Array.from({ length: 8 + Math.floor(r() * 12) }, () => WORDS[Math.floor(r() * WORDS.length)]);
  if (i % 50_000 === 10) words.push(RARE_WORD);
  const question = i % 400 === 5 ? CJK_PHRASES[i % CJK_PHRASES.length] : `Please help with my ${words.join(' ')} (order ${i})`;
  const common = { 'gen_ai.conversation.id': conversation, 'user.id': user, 'agentspan.framework.name': framework };
  const spans = [];
  let t = start;
  const add = (n, name, kind, durationMs, attributes, error) => {
    const span = {
      traceId,
      spanId: spanId(n),
      parentSpanId: n === 0 ? null : spanId(0),
      name,
      kind,
      startMs: t,
      endMs: t + durationMs,
      attributes: { ...common, ...attributes },
      error,
    };
    if (n !== 0) t += durationMs + 1;
    spans.push(span);
    return span;
  };
  const chat = (n, input, output, streamed, attributes = {}, error = null) => {
    const duration = 200 + r() * (i % 97 === 0 ? 9000 : 1500);
    const cost = model.price === null ? undefined : (input * model.price[0] + output * model.price[1]) / 1e6;
    return add(
      n,
      `chat ${model.name}`,
      3,
      duration,
      {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': model.provider,
        'gen_ai.request.model': model.name,
        'gen_ai.usage.input_tokens': error ? undefined : input,
        'gen_ai.usage.output_tokens': error ? undefined : output,
        'agentspan.cost.usd': error ? undefined : cost,
        'gen_ai.request.stream': streamed,
        'gen_ai.response.time_to_first_chunk': streamed ? (50 + r() * duration * 0.5) / 1000 : undefined,
        'error.type': error ? 'RateLimitError' : undefined,
        'agentspan.error.category': error ?? undefined,
        ...attributes,
      },
      error ? `${error}: the provider refused the call` : null,
    );
  };
  const root = add(0, `invoke_agent ${agent}`, 1, 0, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent });
  add(1, 'search_memory', 3, 5 + r() * 20, { 'gen_ai.operation.name': 'search_memory', 'gen_ai.memory.store.id': 'conversations' });
  add(2, 'retrieval kb-policies', 3, 20 + r() * 80, { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-policies' });
  const input1 = 300 + Math.floor(r() * 400);
  const messages = captured
    ? { 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: question }] }]) }
    : {};
  chat(3, input1, 24, false, messages, failed);
  if (!failed) {
    add(4, 'execute_tool lookup_order', 1, 10 + r() * 300, {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.tool.call.id': 'call_1',
    });
    const answer = captured
      ? {
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'text', content: `Your ${words.slice(0, 3).join(' ')} is on its way.` }] },
          ]),
        }
      : {};
    chat(5, 500 + Math.floor(r() * 300), 40 + Math.floor(r() * 120), true, answer);
    add(6, 'upsert_memory', 3, 5 + r() * 15, { 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'conversations' });
  }
  root.endMs = t;
  if (failed) {
    root.error = `${failed}: the provider refused the call`;
    root.attributes['error.type'] = 'RateLimitError';
    root.attributes['agentspan.error.category'] = failed;
  }
  return { service, spans };
}

/** Requests of whole turns, about spansPerRequest spans each: [{ body, spans }]. */
export function makeRequests(totalSpans, spansPerRequest, options = {}) {
  const totalTurns = Math.ceil(totalSpans / SPANS_PER_TURN);
  const opts = { endMs: Date.now(), spreadMs: 7 * 24 * 3_600_000, totalTurns, ...options };
  const requests = [];
  let turn = 0;
  let spans = 0;
  while (spans < totalSpans) {
    const byService = {};
    let inRequest = 0;
    while (inRequest < spansPerRequest && spans + inRequest < totalSpans) {
      const made = makeTurn(turn++, opts);
      byService[made.service] = [...(byService[made.service] ?? []), ...made.spans];
      inRequest += made.spans.length;
    }
    requests.push({ body: encodeRequest(byService), spans: inRequest });
    spans += inRequest;
  }
  return { requests, turns: turn, spans };
}
