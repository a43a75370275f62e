// Scenario E1 over HTTP through the Nest example app, on both platforms: the turn's response
// hands out its ids (traceresponse), the user's thumbs-down comes back through POST /feedback.
import 'reflect-metadata';
import { describeEvaluationConformance } from '@agentspan/conformance';
import { nestAdapter } from '../src/conformance.js';

describeEvaluationConformance(nestAdapter('express'));
describeEvaluationConformance(nestAdapter('fastify'));
