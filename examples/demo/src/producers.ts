// The producers the demo runs the turn through: each example's conformance adapter (the same
// turn the suite checks, written with that framework), and the core's manual API as the
// reference column. Loaded one by one so a missing build names itself instead of stopping the demo.
import type { ConformanceAdapter } from '@agentspan/conformance/runner';
import { coreManualAdapter } from '@agentspan/conformance/runner';

export interface Producer {
  title: string;
  load(): Promise<ConformanceAdapter>;
  /** The reference column: shown, compared, not counted among the frameworks. */
  reference?: boolean;
}

function fromExample(title: string, specifier: string): Producer {
  return {
    title,
    load: async () => ((await import(specifier)) as { conformanceAdapter: ConformanceAdapter }).conformanceAdapter,
  };
}

export const PRODUCERS: Producer[] = [
  fromExample('LangChain', '@agentspan/example-langchain/conformance'),
  fromExample('AI SDK', '@agentspan/example-ai-sdk/conformance'),
  fromExample('LlamaIndex', '@agentspan/example-llamaindex/conformance'),
  fromExample('OpenAI Agents', '@agentspan/example-openai-agents/conformance'),
  fromExample('Express', '@agentspan/example-express/conformance'),
  fromExample('Nest', '@agentspan/example-nestjs/conformance'),
  { title: 'core manual API (reference)', load: async () => coreManualAdapter, reference: true },
];
