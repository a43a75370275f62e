// Where the operations kit's files are, for every test.
import { fileURLToPath } from 'node:url';

const opsDir = fileURLToPath(new URL('../../', import.meta.url));

export const OPS_FILES = {
  dir: opsDir,
  rules: `${opsDir}prometheus/agentspan.rules.yml`,
  ruleTestsDir: `${opsDir}prometheus/tests`,
  dashboard: `${opsDir}grafana/agentspan-dashboard.json`,
  collector: `${opsDir}collector/otel-collector.yaml`,
} as const;
