// The conformance suite, unchanged, through the Agents SDK example app, with the lowest
// versions of the adapter's peer range (see vitest.config.ts for how they are forced).
import { describeConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '@agentspan/example-openai-agents/conformance';

describeConformance(conformanceAdapter);
