// A workflow of @llamaindex/workflow-core run on its own (createWorkflow(): the application
// creates a context, sends events into it and reads its stream) has no run method to patch:
// traceWorkflow marks one, once, with its name and the event that ends a run. Each context it
// creates is then one run: an invoke_workflow span (the turn's root when nothing is active)
// in which every handler runs, ended by a handler that returns the stop event, failed by a
// handler that throws, and expired like any open operation if neither ever happens.
import { AgentspanConfigError, reportInternal, safely } from '@agentspan/core';
import { FRAMEWORK, activeTracing } from './active.js';
import { trackOpen } from './expiry.js';
import { instrumentLLM } from './llm.js';
import { type ToolShape, wrapTool } from './tool-wrapper.js';
import { type RootContext, hookHandlers } from './workflow-hooks.js';

export interface TraceWorkflowOptions {
  /** `gen_ai.workflow.name`: the span is `invoke_workflow {name}`. */
  name: string;
  /** The event that ends a run (`include(event)`, as every workflowEvent has), returned by a handler. */
  stop: { include(event: unknown): boolean };
  /** The LLMs and tools the steps call, traced as an agent's are (chat, execute_tool spans). */
  llms?: readonly object[];
  tools?: readonly object[];
}

interface WorkflowLike {
  createContext(...args: unknown[]): unknown;
}

function validate(workflow: unknown, options: TraceWorkflowOptions): void {
  if (typeof (workflow as WorkflowLike | null)?.createContext !== 'function') {
    throw new AgentspanConfigError('traceWorkflow: the first argument must be a workflow (createWorkflow())');
  }
  if (typeof options?.name !== 'string' || options.name === '') throw new AgentspanConfigError('traceWorkflow: `name` must be a non-empty string');
  if (typeof options.stop?.include !== 'function') throw new AgentspanConfigError('traceWorkflow: `stop` must be a workflow event (with include())');
}

/** Marks a workflow so that each of its runs is one invoke_workflow span. Returns the same workflow. */
export function traceWorkflow<W extends WorkflowLike>(workflow: W, options: TraceWorkflowOptions): W {
  validate(workflow, options);
  for (const llm of options.llms ?? []) instrumentLLM(llm);
  for (const tool of options.tools ?? []) wrapTool(tool as ToolShape);
  const createContext = workflow.createContext;
  const { name, stop } = options;
  Object.defineProperty(workflow, 'createContext', {
    configurable: true,
    writable: true,
    value: function tracedCreateContext(this: unknown, ...args: unknown[]) {
      const root = createContext.apply(this, args);
      const tracing = activeTracing();
      if (!tracing) return root;
      safely(
        'traced workflow',
        () => {
          const op = tracing.agentspan.startAgent({ name, operation: 'invoke_workflow', framework: FRAMEWORK });
          const open = trackOpen(tracing.agentspan, op);
          const entry = {
            context: op.context,
            onFulfilled: (result: unknown) => {
              try {
                if (!op.ended && stop.include(result)) {
                  open?.close();
                  op.end();
                }
              } catch (error) {
                reportInternal('traced workflow end', error);
              }
            },
            onRejected: (error: unknown) => {
              open?.close();
              op.fail(error);
            },
          };
          hookHandlers(root as RootContext, { enter: () => entry });
        },
        undefined,
      );
      return root;
    },
  });
  return workflow;
}
