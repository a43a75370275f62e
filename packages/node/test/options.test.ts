import { AgentspanConfigError } from '@agentspan/core';
import { describe, expect, it } from 'vitest';
import { validateOptions } from '../src/options.js';

const sampler = { shouldSample: () => ({ decision: 1 }), toString: () => 'x' };
const processor = { onStart() {}, onEnd() {}, shutdown: async () => {}, forceFlush: async () => {} };

describe('register() options', () => {
  it('takes every documented option', () => {
    const options = {
      serviceName: 'checkout',
      resourceAttributes: { 'deployment.environment.name': 'dev' },
      endpoint: 'https://otlp.example.com:4318',
      headers: { authorization: 'Bearer x' },
      protocol: 'http/json',
      sampler,
      spanProcessors: [processor],
      metrics: false,
      metricExportIntervalMs: 10_000,
      agentspan: { captureContent: true },
      adapters: { langchain: false, aiSdk: true, llamaindex: { verbose: true } },
      shutdownOnExit: false,
    };
    expect(validateOptions(options)).toBe(options);
    expect(validateOptions(undefined)).toEqual({});
    expect(validateOptions({ adapters: false })).toEqual({ adapters: false });
  });

  it.each([
    [{ servicename: 'x' }, /unknown option servicename; the options are serviceName, /],
    [{ adapters: { langgraph: true } }, /unknown option adapters.langgraph; the options are langchain, aiSdk, llamaindex/],
    [{ serviceName: 42 }, /serviceName must be a string, got number/],
    [{ serviceName: '' }, /serviceName must not be empty/],
    [{ endpoint: 'localhost:4318' }, /endpoint must be an http\(s\) URL|endpoint must be an absolute URL/],
    [{ endpoint: 'not a url' }, /endpoint must be an absolute URL/],
    [{ headers: { a: 1 } }, /headers.a must be a string, got number/],
    [{ protocol: 'http' }, /protocol must be one of http\/protobuf, http\/json, grpc, got "http"/],
    [{ sampler: 0.5 }, /sampler must be an OpenTelemetry Sampler/],
    [{ spanProcessors: [{}] }, /spanProcessors must be an array of OpenTelemetry SpanProcessors/],
    [{ metrics: 'yes' }, /metrics must be a boolean/],
    [{ metricExportIntervalMs: 0 }, /metricExportIntervalMs must be an integer >= 1, got number/],
    [{ agentspan: { tracerProvider: {} } }, /agentspan.tracerProvider \/ meterProvider are the ones register\(\) makes/],
    [{ adapters: 'all' }, /adapters must be a boolean or \{ langchain, aiSdk, llamaindex \}, got "all"/],
    [{ adapters: { aiSdk: 'on' } }, /adapters.aiSdk must be a boolean or the adapter's options object/],
    [{ shutdownOnExit: 1 }, /shutdownOnExit must be a boolean/],
    ['fast', /options must be an object, got "fast"/],
    [null, /options must be an object, got null/],
  ])('rejects %j', (options, message) => {
    expect(() => validateOptions(options)).toThrow(AgentspanConfigError);
    expect(() => validateOptions(options)).toThrow(message);
  });
});
