// Runner.run → the run's invoke_agent span (or the application's agent of the same name,
// merged) and the context the run's code sees. Started at call time under the caller's
// context, so concurrent runs never mix; ended when the run settles: its promise, or for a
// streamed run its `completed` (cancelled when the caller aborted). The runner's own hooks
// (agent_start, agent_tool_start/end, agent_handoff) mark tools and handoffs exactly when
// the runner runs them, in the run's context.
import type { Agentspan, Patcher } from '@agentspan/core';
import { isPromiseLike, reportInternal, safely } from '@agentspan/core';
import { Readable } from 'node:stream';
import { ReadableStream } from 'node:stream/web';
import { context as otelContext } from '@opentelemetry/api';
import { currentSdkSpan, warnIfSdkTracingOff } from './current-span.js';
import { toGenAIMessages } from './messages.js';
import { instrumentModel, instrumentModelProvider } from './model.js';
import { parentContext, scopeOf } from './run-context.js';
import { type RunOutcome, RunScope } from './run-scope.js';
import { isRecord, Runner, type SdkAgent, type SdkRunner, type SdkRunResult, type SdkTool, type SdkToolCall, text } from './sdk.js';
import { FRAMEWORK, type Tracing, activeTracing } from './tracing.js';

type RunMethod = (this: SdkRunner, agent: SdkAgent, input: unknown, options?: Record<string, unknown>) => unknown;

/** Runners whose hooks and model provider are already wired (weak: runners come and go). */
const prepared = new WeakSet<object>();
let nextRunId = 0;

/** The scope of the run whose code calls a hook: the active context is the run's own. */
function inScope(kind: string, fn: (scope: RunScope) => void): void {
  if (!activeTracing()) return;
  const scope = scopeOf(otelContext.active());
  if (scope) safely(kind, () => fn(scope));
}

function detailsCall(details: unknown): SdkToolCall | undefined {
  return isRecord(details) && isRecord(details.toolCall) ? (details.toolCall as SdkToolCall) : undefined;
}

/** Listeners on the runner's own events; they never throw into the runner. */
function listen(runner: SdkRunner): void {
  if (typeof runner.on !== 'function') return;
  runner.on('agent_start', ((_ctx: unknown, agent: SdkAgent) =>
    inScope('openai-agents: agent start', (scope) => {
      warnIfSdkTracingOff();
      instrumentModel(agent?.model);
      scope.agentStarted(agent);
    })) as never);
  runner.on('agent_tool_start', ((_ctx: unknown, _agent: unknown, tool: SdkTool, details: unknown) =>
    inScope('openai-agents: tool start', (scope) => scope.toolStarted(tool ?? {}, detailsCall(details)))) as never);
  runner.on('agent_tool_end', ((_ctx: unknown, _agent: unknown, tool: SdkTool, result: unknown, details: unknown) =>
    inScope('openai-agents: tool end', (scope) => scope.toolEnded(tool ?? {}, result, detailsCall(details)))) as never);
  runner.on('agent_handoff', ((_ctx: unknown, _from: unknown, to: SdkAgent) =>
    inScope('openai-agents: handoff', (scope) => scope.handedOff(to ?? { name: '' }))) as never);
}

function prepare(runner: SdkRunner, agent: SdkAgent): void {
  instrumentModel(agent?.model);
  if (prepared.has(runner)) return;
  prepared.add(runner);
  listen(runner);
  instrumentModelProvider(runner.config?.modelProvider);
  instrumentModel(runner.config?.model);
}

/** An agent that may hand off: the framework runs the conversation turn (the conventions' handle_conversation_turn). */
function handsOff(agent: SdkAgent): boolean {
  const handoffs = (agent as { handoffs?: unknown }).handoffs;
  return Array.isArray(handoffs) && handoffs.length > 0;
}

function startScope(tracing: Tracing, runner: SdkRunner, agent: SdkAgent, input: unknown, options: Record<string, unknown> | undefined): RunScope {
  const { agentspan } = tracing;
  const active = otelContext.active();
  const turn = handsOff(agent);
  const root = agentspan.startAgent({
    name: text(agent.name) ?? 'Agent',
    operation: turn ? 'handle_conversation_turn' : 'invoke_agent',
    parent: parentContext(active),
    framework: FRAMEWORK,
    description: text(agent.handoffDescription),
    requestModel: text(agent.model) ?? text(runner.config?.model),
    conversationId: text(options?.conversationId) ?? text(runner.config?.groupId),
    input: agentspan.captureContent ? () => toGenAIMessages(input) : undefined,
  });
  const id = String(nextRunId++);
  const open = openRuns(agentspan);
  const scope = new RunScope(tracing, root, turn, currentSdkSpan(), () => open?.delete(id));
  open?.set(id, scope);
  return scope;
}

/** The runs still open, per Agentspan: one that never settles ends with RunExpiredError. */
const registries = new WeakMap<Agentspan, ReturnType<Agentspan['createRunRegistry']>>();
function openRuns(agentspan: Agentspan): ReturnType<Agentspan['createRunRegistry']> | undefined {
  try {
    let registry = registries.get(agentspan);
    if (!registry) {
      registry = agentspan.createRunRegistry();
      registries.set(agentspan, registry);
    }
    return registry;
  } catch (error) {
    reportInternal('openai-agents: run registry', error);
    return undefined;
  }
}

/** Stands for the run among a read stream's owners: dropping or abandoning the stream abandons the run. */
class ReadsOwner {
  constructor(private readonly scope: RunScope) {}
  get ended(): boolean {
    return this.scope.ended;
  }
  fail(): void {} // the run's own error settles it (its `completed`)
  cancel(reason?: unknown): void {
    this.scope.abandon(reason);
  }
}

const NOTHING = (): void => {};

function isNodeReadable(value: unknown): value is Readable {
  return value instanceof Readable;
}

/**
 * Watches how the caller reads a streamed run (for-await, toStream(), toTextStream()): the
 * SDK runs on whether or not anybody reads, so only the caller's reads tell that a turn was
 * walked away from. Each reading method's stream is the same stream, read through the core's
 * stream watch; nothing is read ahead.
 */
function watchReads(tracing: Tracing, scope: RunScope, result: Record<PropertyKey, unknown>): void {
  const owners = [new ReadsOwner(scope)];
  const watched = <T>(source: AsyncIterable<T>): AsyncIterable<T> =>
    tracing.agentspan.traceStream(source, { owners, onComplete: NOTHING });
  const iterate = result[Symbol.asyncIterator];
  const toStream = result.toStream;
  const toTextStream = result.toTextStream;
  if (typeof iterate === 'function') {
    define(result, Symbol.asyncIterator, function (this: unknown) {
      const it = iterate.call(this) as AsyncIterator<unknown>;
      return watched({ [Symbol.asyncIterator]: () => it })[Symbol.asyncIterator]();
    });
  }
  if (typeof toStream === 'function') {
    define(result, 'toStream', function (this: unknown) {
      return ReadableStream.from(watched(toStream.call(this) as AsyncIterable<unknown>));
    });
  }
  if (typeof toTextStream === 'function') {
    define(result, 'toTextStream', function (this: unknown, options?: unknown) {
      const stream = toTextStream.call(this, options) as AsyncIterable<string>;
      return isNodeReadable(stream) ? Readable.from(watched(stream), { objectMode: false }) : ReadableStream.from(watched(stream));
    });
  }
}

function define(target: object, key: PropertyKey, value: (this: unknown, ...args: never[]) => unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

/** Runs still open for an Agentspan instance (for tests: every map of this package is bounded). */
export function openRunCount(agentspan: Agentspan): number {
  return registries.get(agentspan)?.size ?? 0;
}

/** A streamed run settles when its loop completes: with its error, cancelled, or with its output. */
function settleStreamed(scope: RunScope, result: SdkRunResult): void {
  const completed = result.completed;
  if (!isPromiseLike(completed)) {
    scope.settle({ output: undefined });
    return;
  }
  completed.then(
    () => scope.settle(streamOutcome(result)),
    (error: unknown) => scope.settle({ error }),
  );
}

function streamOutcome(result: SdkRunResult): RunOutcome {
  if (result.error !== null && result.error !== undefined) return { error: result.error };
  if (result.cancelled === true) return { cancelled: undefined };
  return { output: result.finalOutput };
}

function runTraced(this: SdkRunner, original: RunMethod, agent: SdkAgent, input: unknown, options?: Record<string, unknown>): unknown {
  const tracing = activeTracing();
  if (!tracing) return original.call(this, agent, input, options);
  let scope: RunScope;
  try {
    prepare(this, agent);
    scope = startScope(tracing, this, agent ?? { name: '' }, input, options);
  } catch (error) {
    reportInternal('openai-agents: run start', error);
    return original.call(this, agent, input, options);
  }
  let pending: unknown;
  try {
    pending = otelContext.with(scope.context, original, this, agent, input, options);
  } catch (error) {
    scope.settle({ error });
    throw error;
  }
  if (!isPromiseLike(pending)) {
    scope.settle({ output: undefined });
    return pending;
  }
  const streamed = options?.stream === true;
  return pending.then(
    (result) => {
      safely('openai-agents: run end', () => {
        if (streamed && isRecord(result)) {
          watchReads(tracing, scope, result as Record<PropertyKey, unknown>);
          settleStreamed(scope, result as SdkRunResult);
        }
        else scope.settle({ output: isRecord(result) ? (result as SdkRunResult).finalOutput : undefined });
      });
      return result;
    },
    (error: unknown) => {
      scope.settle({ error });
      throw error;
    },
  );
}

/** Patches Runner.prototype.run (the `run()` helper uses a Runner too). */
export function patchRunner(patcher: Patcher): void {
  patcher.method(Runner.prototype, 'run', (original) =>
    function tracedRun(this: SdkRunner, agent: SdkAgent, input: unknown, options?: Record<string, unknown>) {
      return runTraced.call(this, original as unknown as RunMethod, agent, input, options);
    },
  );
}
