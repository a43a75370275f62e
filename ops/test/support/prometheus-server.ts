// A real Prometheus for one test file: its own config, rules and storage in a temp dir, a
// free port on 127.0.0.1, scraping one target every second. stop() kills it and removes the
// dir; a process 'exit' hook kills it too if the test process ends without stop().
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from './system-programs.js';
import { waitFor } from './wait-for.js';

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface QueryResponse {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Sample[] };
}

export interface RuleState {
  name: string;
  type: 'recording' | 'alerting';
  health: string;
  lastError?: string;
  lastEvaluation: string;
}

export interface PrometheusServer {
  url: string;
  /** An instant query; resolves with Prometheus's answer, errors included. */
  query(expr: string): Promise<QueryResponse>;
  /** Every loaded rule with its evaluation health. */
  rules(): Promise<RuleState[]>;
  /** What Prometheus wrote to stderr (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function configYaml(target: string, ruleFiles: readonly string[]): string {
  return [
    'global:',
    '  scrape_interval: 1s',
    '  evaluation_interval: 1s',
    'rule_files:',
    ...ruleFiles.map((file) => `  - ${JSON.stringify(file)}`),
    'scrape_configs:',
    '  - job_name: agentspan-app',
    '    static_configs:',
    `      - targets: [${JSON.stringify(target)}]`,
  ].join('\n');
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startPrometheus(options: { target: string; ruleFiles: readonly string[] }): Promise<PrometheusServer> {
  const binary = requireProgram('prometheus');
  const dir = await mkdtemp(join(tmpdir(), 'agentspan-prometheus-'));
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, configYaml(options.target, options.ruleFiles));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${url}${path}`)).json()) as T;

  try {
    await waitFor('Prometheus to be ready', async () => (await fetch(`${url}/-/ready`)).ok, {
      giveUp: () => (child.exitCode === null ? undefined : `prometheus exited with code ${child.exitCode}:\n${stderr}`),
    });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    url,
    query: (expr) => get<QueryResponse>(`/api/v1/query?query=${encodeURIComponent(expr)}`),
    async rules() {
      const answer = await get<{ data: { groups: { rules: RuleState[] }[] } }>('/api/v1/rules');
      return answer.data.groups.flatMap((group) => group.rules);
    },
    log: () => stderr,
    stop,
  };
}
