// Without instrumentation-http agentspan() makes the server span itself: registered twice (or
// behind another agentspan adapter) it traces a request once, and handlers find the request's
// trace from `req` over keep-alive connections, even where the async context was lost.
import { setupOtel } from '@agentspan/testing-http';
import { describe } from 'vitest';
import { registrationSuite } from './support/registration-suite.js';

const otel = setupOtel({ http: false });
const { default: express } = await import('express');

describe('express middleware registration, agentspan() making the server span', () => {
  registrationSuite(otel, express);
});
