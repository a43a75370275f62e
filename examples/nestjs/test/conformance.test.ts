// The conformance suite (S1–S6) over HTTP: a real Nest 12 app (Express platform) behind
// instrumentation-http; the turn runs in decorated services and the tracer service; the
// request's SERVER span is the root of each trace.
import 'reflect-metadata';
import { describeConformance } from '@agentspan/conformance';
import { nestAdapter } from '../src/conformance.js';

describeConformance(nestAdapter('express'));
