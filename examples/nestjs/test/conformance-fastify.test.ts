// The conformance suite (S1–S6) on Nest's Fastify platform.
import 'reflect-metadata';
import { describeConformance } from '@agentspan/conformance';
import { nestAdapter } from '../src/conformance.js';

describeConformance(nestAdapter('fastify'));
