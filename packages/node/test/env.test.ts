import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlwaysOffSampler, AlwaysOnSampler, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { entryFormat } from '../src/entry-format.js';
import { exporterNames, protocolOf } from '../src/env.js';
import { LOCAL_VIEWER, signalUrl } from '../src/exporters.js';
import { samplerFromEnv } from '../src/sampler.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('OTEL_* variables', () => {
  it('the sampler', () => {
    expect(samplerFromEnv()).toBeUndefined();
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'always_off');
    expect(samplerFromEnv()).toBeInstanceOf(AlwaysOffSampler);
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'always_on');
    expect(samplerFromEnv()).toBeInstanceOf(AlwaysOnSampler);
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'traceidratio');
    vi.stubEnv('OTEL_TRACES_SAMPLER_ARG', '0.25');
    expect(String(samplerFromEnv())).toBe('TraceIdRatioBased{0.25}');
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'parentbased_traceidratio');
    const parentBased = samplerFromEnv();
    expect(parentBased).toBeInstanceOf(ParentBasedSampler);
    expect(String(parentBased)).toContain('TraceIdRatioBased{0.25}');
    vi.stubEnv('OTEL_TRACES_SAMPLER_ARG', '7');
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'traceidratio');
    expect(samplerFromEnv()).toBeInstanceOf(TraceIdRatioBasedSampler);
    expect(String(samplerFromEnv())).toBe('TraceIdRatioBased{1}');
  });

  it('the protocol: option, then per signal, then general, then http/protobuf', () => {
    expect(protocolOf('TRACES', undefined)).toBe('http/protobuf');
    vi.stubEnv('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json');
    expect(protocolOf('TRACES', undefined)).toBe('http/json');
    vi.stubEnv('OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'grpc');
    expect(protocolOf('METRICS', undefined)).toBe('grpc');
    expect(protocolOf('METRICS', 'http/protobuf')).toBe('http/protobuf');
  });

  it('the exporters', () => {
    expect(exporterNames('TRACES')).toEqual(['otlp']);
    vi.stubEnv('OTEL_METRICS_EXPORTER', 'none');
    expect(exporterNames('METRICS')).toEqual([]);
    vi.stubEnv('OTEL_TRACES_EXPORTER', 'console,otlp,zipkin');
    expect(exporterNames('TRACES')).toEqual(['console', 'otlp']);
  });

  it('the endpoint: the local viewer unless the options or the environment name one', () => {
    expect(LOCAL_VIEWER).toBe('http://127.0.0.1:4318');
    expect(signalUrl('TRACES', {}, 'http/protobuf')).toBe('http://127.0.0.1:4318/v1/traces');
    expect(signalUrl('METRICS', {}, 'http/json')).toBe('http://127.0.0.1:4318/v1/metrics');
    expect(signalUrl('TRACES', { endpoint: 'https://c.example/otlp/' }, 'http/protobuf')).toBe('https://c.example/otlp/v1/traces');
    expect(signalUrl('TRACES', {}, 'grpc')).toBeUndefined(); // the gRPC exporter's own default
    vi.stubEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'https://c.example/traces');
    expect(signalUrl('TRACES', {}, 'http/protobuf')).toBeUndefined(); // the exporter reads it
    expect(signalUrl('METRICS', {}, 'http/protobuf')).toBe('http://127.0.0.1:4318/v1/metrics');
    vi.stubEnv('OTEL_EXPORTER_OTLP_ENDPOINT', 'https://c.example');
    expect(signalUrl('METRICS', {}, 'http/protobuf')).toBeUndefined();
  });
});

describe('the entry file format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentspan-entry-'));
  const file = (name: string, text = '') => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('by extension, by package.json type, then by ES module syntax', () => {
    expect(entryFormat('')).toBeUndefined();
    expect(entryFormat(file('a.mjs'))).toBe('esm');
    expect(entryFormat(file('a.cjs'))).toBe('cjs');
    // no package.json up to the temp dir's root: syntax decides
    expect(entryFormat(file('plain.js', "const x = require('x');\n"))).toBe('cjs');
    expect(entryFormat(file('modern.js', "import { x } from 'x';\n"))).toBe('esm');
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    expect(entryFormat(file('b.js'))).toBe('esm');
    writeFileSync(join(dir, 'package.json'), '{"type":"commonjs"}');
    expect(entryFormat(file('c.js', "import { x } from 'x';\n"))).toBe('cjs');
  });
});
