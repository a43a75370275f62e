// The conformance suite, unchanged, through the AI SDK example app, with the lowest
// version of the adapter's peer range (see vitest.config.ts for how it is forced).
import { describeConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '@agentspan/example-ai-sdk/conformance';

describeConformance(conformanceAdapter);
