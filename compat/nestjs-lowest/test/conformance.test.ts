// The conformance suite, unchanged, over real HTTP through the Nest example app on both
// platforms, with the lowest versions of the module's peer range (forced by vitest.config.ts).
import { describeConformance } from '@agentspan/conformance';
import { nestAdapter } from '@agentspan/example-nestjs/conformance';

describeConformance(nestAdapter('express'));
describeConformance(nestAdapter('fastify'));
