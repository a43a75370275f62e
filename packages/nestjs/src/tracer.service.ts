// The injectable face of agentspan in a Nest app: the configured instance, its helpers,
// and the current request's trace.
import type { Agentspan, HttpRequestTrace } from '@agentspan/core';
import { Inject, Injectable } from '@nestjs/common';
import { moduleAgentspan } from './active-instance.js';
import { AGENTSPAN_MODULE_OPTIONS } from './tokens.js';
import type { AgentspanModuleOptions } from './options.js';
import { traceOfRequest } from './request-trace-store.js';

@Injectable()
export class AgentspanTracer {
  constructor(@Inject(AGENTSPAN_MODULE_OPTIONS) private readonly options: AgentspanModuleOptions) {}

  /** The instance (its `agent`, `chat`, `tool`, `retrieval`, `memory`, `startChat`… helpers). */
  get agentspan(): Agentspan {
    return this.options.agentspan ?? moduleAgentspan();
  }

  /** The trace of a request (Nest's request object or the raw one), when the interceptor traced it. */
  requestTrace(request: object): HttpRequestTrace | undefined {
    return traceOfRequest(request);
  }

  agent: Agentspan['agent'] = (start, fn) => this.agentspan.agent(start, fn);
  tool: Agentspan['tool'] = (start, fn, toResult) => this.agentspan.tool(start, fn, toResult);
  retrieval: Agentspan['retrieval'] = (start, fn, toResult) => this.agentspan.retrieval(start, fn, toResult);
  memory: Agentspan['memory'] = (start, fn, toResult) => this.agentspan.memory(start, fn, toResult);
  chat: Agentspan['chat'] = (start, fn, toResult) => this.agentspan.chat(start, fn, toResult);
}
