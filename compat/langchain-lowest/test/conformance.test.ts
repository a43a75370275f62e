// The conformance suite, unchanged, through the LangChain example app, with the lowest
// versions of the adapter's peer range (see vitest.config.ts for how they are forced).
import { describeConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '@agentspan/example-langchain/conformance';

describeConformance(conformanceAdapter);
