// Agent runs (agent(), multiAgent() → AgentWorkflow) → invoke_agent spans. run() and
// runStream() are patched: the span starts at call time, in the caller's context, under
// the root agent's name (merged into an enclosing agent span of the same name by the
// core); its handlers run inside it; a handed-off agent of a multi-agent workflow gets
// its own nested invoke_agent. A failed step (which the framework leaves unhandled, the run
// hanging) fails the span and the caller's run() / stream with the original error. With
// runStream() the span ends when the stream ends, and is cancelled when the caller stops
// reading (return()) or abandons it; run() (which reads the whole stream itself) ends it
// with its result, and costs no extra stream.
import { type Patcher, reportInternal, safely } from '@agentspan/core';
import type { ChatMessage } from '@llamaindex/core/llms';
import { context as otelContext } from '@opentelemetry/api';
import { AgentWorkflow, WorkflowStream } from '@llamaindex/workflow';
import { type Tracing, activeTracing } from './active.js';
import { type AgentRun, type Event, type WorkflowShape, startRun } from './agent-run.js';
import { withHandlerHooks } from './workflow-hooks.js';
import { patchToolCalls } from './workflow-tool-calls.js';

type RunStream = (this: WorkflowShape, ...args: unknown[]) => unknown;

/** Set by run() for the runStream() call it makes synchronously: that stream stays unwrapped. */
let runOfRunCall: AgentRun | undefined;

function startStream(workflow: WorkflowShape, run: AgentRun, runStream: RunStream, args: unknown[]): unknown {
  try {
    const ctx = run.op.context;
    // From run(), the run's context is active already: no second switch into it.
    if (otelContext.active() === ctx) return withHandlerHooks(workflow, run, runStream, args);
    return otelContext.with(ctx, withHandlerHooks, undefined, workflow, run, runStream, args);
  } catch (error) {
    run.op.fail(error);
    throw error;
  }
}

/**
 * run()'s promise: the framework's result, or a failed step's error if that comes first
 * (the framework's own promise never settles then). One promise and one reaction, where
 * Promise.race over a second promise would make five.
 */
function settleRun(run: AgentRun, start: () => Promise<unknown>): Promise<unknown> {
  let settle!: { resolve: (value: unknown) => void; reject: (error: unknown) => void };
  const outcome = new Promise<unknown>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let done = false;
  run.onFailure = (error) => {
    if (done) return;
    done = true;
    settle.reject(error);
  };
  Promise.resolve(start()).then(
    (event) => {
      if (done) return;
      done = true;
      const message = (event as { data?: { message?: ChatMessage } } | undefined)?.data?.message;
      try {
        run.completed(message);
      } catch (e) {
        reportInternal('agent run end', e);
      }
      settle.resolve(event);
    },
    (error: unknown) => {
      if (done) return;
      done = true;
      run.failed(error);
      settle.reject(error);
    },
  );
  return outcome;
}

/** The run's spans, or undefined (reported) when starting them failed: the run goes untraced. */
function tryStartRun(tracing: Tracing, workflow: WorkflowShape, input: unknown): AgentRun | undefined {
  try {
    return startRun(tracing, workflow, input);
  } catch (error) {
    reportInternal('agent run start', error);
    return undefined;
  }
}

export function patchWorkflow(patcher: Patcher): void {
  const proto = AgentWorkflow.prototype as unknown as object;
  patcher.method(proto, 'runStream', (original) => {
    const runStream = original as unknown as RunStream;
    return function tracedRunStream(this: WorkflowShape, ...args: unknown[]) {
      const fromRun = runOfRunCall;
      runOfRunCall = undefined;
      if (fromRun) return startStream(this, fromRun, runStream, args);
      const tracing = activeTracing();
      const run = tracing ? tryStartRun(tracing, this, args[0]) : undefined;
      if (!run) return runStream.apply(this, args);
      const stream = startStream(this, run, runStream, args);
      if (!(stream instanceof WorkflowStream)) {
        reportInternal('agent run', new TypeError('runStream did not return a WorkflowStream'));
        run.op.end();
        return stream;
      }
      return safely('agent run stream', () => run.traceStream(stream as WorkflowStream<Event>), stream);
    };
  });
  patcher.method(proto, 'run', (original) => {
    const runFn = original as unknown as (this: WorkflowShape, ...args: unknown[]) => Promise<unknown>;
    return function tracedRun(this: WorkflowShape, ...args: unknown[]) {
      const tracing = activeTracing();
      const run = tracing ? tryStartRun(tracing, this, args[0]) : undefined;
      if (!run) return runFn.apply(this, args);
      return settleRun(run, () => {
        runOfRunCall = run;
        try {
          const ctx = run.op.context;
          return otelContext.active() === ctx ? runFn.apply(this, args) : otelContext.with(ctx, runFn, this, ...args);
        } catch (error) {
          run.op.fail(error);
          throw error;
        } finally {
          runOfRunCall = undefined;
        }
      });
    };
  });
  patchToolCalls(patcher, proto);
}
