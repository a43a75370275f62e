// The versions a quick start's project ended up with, printed with the run so that CI's log
// says which matrix of OpenTelemetry and framework versions the READMEs were run against.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const WATCHED = [
  '@opentelemetry/api',
  '@opentelemetry/sdk-trace-base',
  '@opentelemetry/sdk-trace',
  '@opentelemetry/exporter-trace-otlp-proto',
  '@langchain/core',
  '@langchain/langgraph',
  'langchain',
  'ai',
  '@llamaindex/core',
  '@llamaindex/workflow',
  '@openai/agents-core',
  '@modelcontextprotocol/sdk',
  'express',
  '@nestjs/core',
];

/** `name@version` of each watched package installed at the project's top level. */
export function installedVersions(dir: string): string[] {
  const found: string[] = [];
  for (const name of WATCHED) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) continue;
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
    found.push(`${name}@${version ?? '?'}`);
  }
  return found;
}
