// agentspan's trace processor: one per process, registered with the SDK's trace provider and
// kept there while the instrumentation is enabled. Why kept: importing `@openai/agents`
// replaces every processor with OpenAI's exporter (setTraceProcessors), so tracing enabled
// before that import (`node --import`, a preload, register() ahead of the app's imports)
// would lose the processor, and with it guardrails and the spans made inside tools.
import { reportInternal } from '@agentspan/core';
import { AgentspanTracingProcessor } from './processor.js';
import { addTraceProcessor, getGlobalTraceProvider, setTraceProcessors } from './sdk.js';
import { activeTracing } from './tracing.js';

type SetProcessors = (this: unknown, processors: unknown) => unknown;

let processor: AgentspanTracingProcessor | undefined;
/** The provider whose setProcessors keeps ours in, and whether ours is among its processors. */
let watched: object | undefined;
let registered = false;
let keepOthers = true;

/** The list setProcessors is given, with ours kept in while tracing is enabled. */
function withOurs(processors: unknown, ours: AgentspanTracingProcessor): unknown {
  try {
    const list = activeTracing() && Array.isArray(processors) && !processors.includes(ours) ? (keepOthers ? [...processors, ours] : [ours]) : processors;
    registered = Array.isArray(list) && list.includes(ours);
    return list;
  } catch (error) {
    reportInternal('openai-agents: set processors', error);
    return processors;
  }
}

function watch(provider: object, ours: AgentspanTracingProcessor): void {
  watched = provider;
  registered = false;
  const original = (provider as { setProcessors?: unknown }).setProcessors;
  if (typeof original !== 'function') return;
  const setProcessors: SetProcessors = function (processors) {
    return (original as SetProcessors).call(this, withOurs(processors, ours));
  };
  Object.defineProperty(provider, 'setProcessors', { value: setProcessors, writable: true, configurable: true, enumerable: false });
}

/** Registers the processor beside the others (keepOthers) or alone, unless it is already there. */
export function registerProcessor(keep: boolean): void {
  processor ??= new AgentspanTracingProcessor();
  const ours = processor;
  keepOthers = keep;
  const provider = getGlobalTraceProvider() as object;
  if (provider !== watched) watch(provider, ours);
  if (!keep) setTraceProcessors([ours as never]);
  else if (!registered) {
    addTraceProcessor(ours as never);
    registered = true;
  }
}
