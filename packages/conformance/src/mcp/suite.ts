// describeMcpConformance: the MCP scenarios as vitest tests for one adapter and transport.
// The turns run in this process; the MCP server's spans come from the file its process
// writes, read beside this process's own before the trees are normalised.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceHarness, createHarness } from '../harness.js';
import { runScenarioDefinition } from '../run-scenario.js';
import type { ConformanceOptions } from '../suite.js';
import type { McpConformanceAdapter } from './adapter.js';
import { MCP_SCENARIO_IDS, mcpScenarios } from './scenarios.js';
import { withRemoteSpans } from './remote-harness.js';
import { SpanFile } from './span-file.js';

export function describeMcpConformance(adapter: McpConformanceAdapter, options: ConformanceOptions = {}): void {
  describe(`agentspan MCP conformance: ${adapter.name} over ${adapter.mcpTransport}`, () => {
    let harness: ConformanceHarness;
    const remote = new SpanFile(join(mkdtempSync(join(tmpdir(), 'agentspan-mcp-')), 'server-spans.jsonl'));
    const scenarios = mcpScenarios(adapter.mcpTransport);

    beforeAll(async () => {
      harness = createHarness();
      harness.register();
      await adapter.setup({ tracerProvider: harness.tracerProvider, meterProvider: harness.meterProvider, spansFile: remote.path });
    }, 120_000);

    afterAll(async () => {
      try {
        await adapter.teardown?.();
      } finally {
        await harness.shutdown();
      }
    });

    for (const id of MCP_SCENARIO_IDS) {
      const scenario = scenarios[id];
      it(
        scenario.title,
        async () => {
          const result = await runScenarioDefinition(withRemoteSpans(harness, remote), adapter, scenario, options);
          expect(result.problems, `${id}: checks beside the span tree`).toEqual([]);
          expect(result.actual, `${id}: normalised span trees`).toEqual(result.expected);
        },
        options.testTimeoutMs ?? 60_000,
      );
    }
  });
}
