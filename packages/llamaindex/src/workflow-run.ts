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
import { AgentWorkflow, WorkflowStream } from '@llamaindex/workflow';
import { activeTracing } from './active.js';
import { type AgentRun, type Event, type WorkflowShape, startRun } from './agent-run.js';
import { withHandlerHooks } from './workflow-hooks.js';
import { patchToolCalls } from './workflow-tool-calls.js';

type RunStream = (this: WorkflowShape, ...args: unknown[]) => unknown;

/** Set by run() for the runStream() call it makes synchronously: that stream stays unwrapped. */
let runOfRunCall: AgentRun | undefined;

function startStream(workflow: WorkflowShape, run: AgentRun, runStream: RunStream, args: unknown[]): unknown {
  try {
    return run.op.run(() => withHandlerHooks(workflow, run, () => runStream.apply(workflow, args)));
  } catch (error) {
    run.op.fail(error);
    throw error;
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
      const run = tracing ? safely('agent run start', () => startRun(tracing, this), undefined) : undefined;
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
      const run = tracing ? safely('agent run start', () => startRun(tracing, this), undefined) : undefined;
      if (!run) return runFn.apply(this, args);
      const failure = new Promise<never>((_, reject) => {
        run.onFailure = reject;
      });
      let result: Promise<unknown>;
      runOfRunCall = run;
      try {
        result = run.op.run(() => runFn.apply(this, args));
      } catch (error) {
        run.op.fail(error);
        throw error;
      } finally {
        runOfRunCall = undefined;
      }
      return Promise.race([result, failure]).then(
        (event) => {
          const message = (event as { data?: { message?: ChatMessage } } | undefined)?.data?.message;
          safely('agent run end', () => run.completed(message), undefined);
          return event;
        },
        (error: unknown) => {
          run.failed(error);
          throw error;
        },
      );
    };
  });
  patchToolCalls(patcher, proto);
}
