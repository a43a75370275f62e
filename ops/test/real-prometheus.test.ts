// A real Prometheus scrapes @opentelemetry/exporter-prometheus while the producer runs the
// conformance scenarios through @agentspan/core: its HTTP API must return the spec's S1
// numbers, load our rules without error, and answer every rule and dashboard query.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { dashboardQueries, loadDashboard, substituteVariables } from './support/dashboard.js';
import { type MetricsApp, startMetricsApp } from './support/metrics-app.js';
import { OPS_FILES } from './support/ops-files.js';
import { type PrometheusServer, type Sample, startPrometheus } from './support/prometheus-server.js';
import { metricNamesIn, recordingRulesIn } from './support/promql-names.js';
import { CACHE_WRITE_CALL, FEEDBACK, ROUND, ROUNDS, S1_PER_TURN, S1_TURNS } from './support/scenario-rounds.js';
import { waitFor } from './support/wait-for.js';

const MODEL = 'gpt-4o-mini';
const COST_TOLERANCE = 1e-9;

let app: MetricsApp | undefined;
let prometheus: PrometheusServer | undefined;

function server(): PrometheusServer {
  if (!prometheus) throw new Error('Prometheus did not start (see beforeAll)');
  return prometheus;
}

async function samples(expr: string): Promise<Sample[]> {
  const answer = await server().query(expr);
  if (answer.status !== 'success' || !answer.data) throw new Error(`query failed: ${expr}: ${answer.error}`);
  return answer.data.result;
}

/** The value of a query that must return exactly one sample. */
async function single(expr: string): Promise<number> {
  const result = await samples(expr);
  if (result.length !== 1) throw new Error(`${expr}: expected 1 sample, got ${JSON.stringify(result)}`);
  return Number(result[0]!.value[1]);
}

/** Each sample as "label=value,..." (labels sorted) with its value, sorted. */
async function labelledValues(expr: string): Promise<[string, number][]> {
  const labelled = (await samples(expr)).map((s): [string, number] => [
    Object.entries(s.metric)
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join(','),
    Number(s.value[1]),
  ]);
  return labelled.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const inputTokens = `sum(gen_ai_client_inference_usage_input_tokens_total{gen_ai_request_model="${MODEL}"})`;

beforeAll(async () => {
  app = await startMetricsApp();
  // Round 1 before the first scrape, round 2 after it: rate() then sees every counter grow.
  await app.runRound();
  prometheus = await startPrometheus({ target: app.target, ruleFiles: [OPS_FILES.rules] });
  const scraped = async (turns: number) => {
    const [seen, expected] = [await single(inputTokens), turns * S1_PER_TURN.inputTokens];
    if (seen !== expected) throw new Error(`${inputTokens} = ${seen}, expected ${expected}`);
    return true;
  };
  await waitFor('the first scrape', () => scraped(S1_TURNS / ROUNDS));
  await app.runRound();
  await waitFor('the second scrape', () => scraped(S1_TURNS));
  await waitFor('the recording rules over both scrapes', async () => (await single(`model:tokens:rate10m{gen_ai_request_model="${MODEL}"}`)) > 0);
}, 60_000);

afterAll(async () => {
  try {
    await prometheus?.stop();
  } finally {
    await app?.close();
  }
});

describe(`Prometheus scraping ${ROUNDS} rounds of ${ROUND.join(', ')}`, () => {
  it('scrapes the exporter', async () => {
    expect(await single('up{job="agentspan-app"}'), server().log()).toBe(1);
  });

  it(`counts the input and output tokens of ${S1_TURNS} S1 turns (420+512 in, 24+64 out per turn)`, async () => {
    const byModel = async (metric: string) =>
      Object.fromEntries((await samples(`sum by (gen_ai_request_model) (${metric})`)).map((s) => [s.metric.gen_ai_request_model, Number(s.value[1])]));
    const input = await byModel('gen_ai_client_inference_usage_input_tokens_total');
    const output = await byModel('gen_ai_client_inference_usage_output_tokens_total');
    expect(input[MODEL]).toBe(S1_TURNS * S1_PER_TURN.inputTokens);
    expect(output[MODEL]).toBe(S1_TURNS * S1_PER_TURN.outputTokens);
  });

  it('counts cache-read, reasoning and cache-write tokens', async () => {
    const sel = `{gen_ai_request_model="${MODEL}"}`;
    expect(await single(`sum(gen_ai_client_inference_usage_cache_read_input_tokens_total${sel})`)).toBe(S1_TURNS * S1_PER_TURN.cacheReadInputTokens);
    expect(await single(`sum(gen_ai_client_inference_usage_reasoning_output_tokens_total${sel})`)).toBe(S1_TURNS * S1_PER_TURN.reasoningOutputTokens);
    expect(await single('sum(gen_ai_client_inference_usage_cache_write_input_tokens_total)')).toBe(
      ROUNDS * CACHE_WRITE_CALL.usage.cache_creation_input_tokens,
    );
  });

  it(`sums the cost to ${S1_TURNS} x 0.000183 USD, labelled by provider, model and agent only`, async () => {
    const cost = await samples(`agentspan_cost_total{gen_ai_request_model="${MODEL}"}`);
    expect(cost).toHaveLength(1);
    expect(Number(cost[0]!.value[1])).toBeCloseTo(S1_TURNS * S1_PER_TURN.costUsd, -Math.log10(COST_TOLERANCE));
    expect(cost[0]!.metric).toMatchObject({ gen_ai_provider_name: 'openai', gen_ai_agent_name: 'support-agent' });
    // Never user or conversation ids: unbounded cardinality.
    const allowed = ['__name__', 'gen_ai_agent_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'instance', 'job', 'otel_scope_name'];
    const labels = new Set((await samples('agentspan_cost_total')).flatMap((s) => Object.keys(s.metric)));
    expect([...labels].filter((label) => !allowed.includes(label))).toEqual([]);
  });

  it('records 2 inference durations per S1 turn, and the failed calls by error category', async () => {
    const sel = `gen_ai_request_model="${MODEL}"`;
    expect(await single(`sum(gen_ai_client_inference_duration_count{${sel}, error_type=""})`)).toBe(S1_TURNS * S1_PER_TURN.inferenceCalls);
    expect(await labelledValues(`sum by (error_type, agentspan_error_category) (gen_ai_client_inference_duration_count{${sel}, error_type!=""})`)).toEqual([
      ['agentspan_error_category=rate_limit,error_type=RateLimitError', ROUNDS],
    ]);
  });

  it('records a time to first chunk for each streamed answer (S4)', async () => {
    expect(await single(`sum(gen_ai_client_inference_time_to_first_chunk_count{gen_ai_request_model="${MODEL}"})`)).toBe(ROUNDS);
    expect(await single('sum(gen_ai_client_inference_time_to_first_chunk_sum)')).toBeGreaterThan(0);
  });

  it('records agent invocations and tool executions, failed ones by error type', async () => {
    expect(await labelledValues('sum by (gen_ai_agent_name, error_type) (gen_ai_invocation_duration_count)')).toEqual([
      ['error_type=RateLimitError,gen_ai_agent_name=support-agent', ROUNDS], // S3
      ['gen_ai_agent_name=support-agent', ROUNDS * 3], // S1, S2, S4
    ]);
    expect(await labelledValues('sum by (gen_ai_tool_name, error_type) (gen_ai_execute_tool_duration_count)')).toEqual([
      ['error_type=OrderServiceError,gen_ai_tool_name=lookup_order', ROUNDS], // S2
      ['gen_ai_tool_name=lookup_order', ROUNDS * 2], // S1, S4
    ]);
  });

  it("records users' feedback per agent: the mean score the feedback rule and panel read", async () => {
    const feedback = `{agentspan_evaluation_source="feedback",gen_ai_agent_name="${FEEDBACK.agentName}"}`;
    expect(await single(`sum(agentspan_evaluation_score_count${feedback})`)).toBe(ROUNDS * FEEDBACK.ratings.length);
    expect(await single(`sum(agentspan_evaluation_score_sum${feedback})`)).toBe(ROUNDS); // one thumbs up a round
    await waitFor('the feedback rule', async () => (await samples('agent:feedback_score:mean1h')).length > 0, { timeoutMs: 60_000 });
    expect(await labelledValues('sum by (gen_ai_agent_name) (agent:feedback_score:mean1h)')).toEqual([[`gen_ai_agent_name=${FEEDBACK.agentName}`, 0.5]]);
  });

  it('loads and evaluates every rule of agentspan.rules.yml without error', async () => {
    const rules = await server().rules();
    expect(rules.length).toBe(20);
    const broken = rules.filter((rule) => rule.health !== 'ok' || (rule.lastError ?? '') !== '');
    expect(broken, server().log()).toEqual([]);
  });
});

interface RuleFile {
  groups: { rules: { record?: string; alert?: string; expr: string }[] }[];
}
const ruleFile = parse(readFileSync(OPS_FILES.rules, 'utf8')) as RuleFile;
const rules = ruleFile.groups.flatMap((group) => group.rules);
const recordedNames = new Set(rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
const ruleMetricNames = [...new Set(rules.flatMap((rule) => metricNamesIn(rule.expr)))].sort();
const queries = dashboardQueries();
const dashboardMetricNames = [...new Set(queries.flatMap((q) => metricNamesIn(q.expr)))].sort();

describe('every metric name of the rules and the dashboard exists in Prometheus', () => {
  it('finds the names to check', () => {
    expect(ruleMetricNames.length).toBeGreaterThanOrEqual(5);
    expect(dashboardMetricNames.length).toBeGreaterThanOrEqual(10);
  });

  it.each([...new Set([...ruleMetricNames, ...dashboardMetricNames])])('%s has series', async (name) => {
    expect(await samples(`count({__name__="${name}"})`), `no series named ${name}`).toHaveLength(1);
  });

  it('uses only recording rules that the rules file defines and Prometheus evaluates', async () => {
    const used = [...new Set(queries.flatMap((q) => recordingRulesIn(q.expr)))];
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) {
      expect(recordedNames.has(name), `${name} is not recorded in agentspan.rules.yml`).toBe(true);
      expect(await samples(name), `${name} has no result`).not.toEqual([]);
    }
  });

  it('has template variables whose label_values() find values', async () => {
    const variables = loadDashboard().templating.list.filter((v) => v.type === 'query');
    expect(variables.map((v) => v.name).sort()).toEqual(['agent', 'model']);
    for (const variable of variables) {
      const match = /^label_values\((\w+),\s*(\w+)\)$/.exec((variable.query as { query: string }).query);
      expect(match, `${variable.name}: not a label_values() query`).not.toBeNull();
      const [, metric, label] = match!;
      const found = await samples(`count by (${label}) (${metric})`);
      expect(found.filter((s) => s.metric[label!] !== undefined), `${variable.name} finds no ${label}`).not.toEqual([]);
    }
  });

  it.each(queries.map((q) => [`${q.panel} / ${q.refId}`, q.expr] as const))('dashboard query %s returns data', async (_name, expr) => {
    const query = substituteVariables(expr);
    expect(query).not.toContain('$');
    const answer = await server().query(query);
    expect(answer.status, `${query}: ${answer.error}`).toBe('success');
    expect(answer.data?.result, `${query} returned nothing`).not.toEqual([]);
  });
});
