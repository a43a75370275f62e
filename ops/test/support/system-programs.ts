// Finds promtool / prometheus on PATH, and says how to get them when they are missing.
import { spawnSync } from 'node:child_process';

const SETUP_HINT = 'run `bash scripts/setup-prometheus.sh` (installs Debian\'s prometheus package)';

/** The program's path; throws a clear error when it is not installed. */
export function requireProgram(name: 'promtool' | 'prometheus'): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') {
    throw new Error(`${name} is not installed or not on PATH: ${SETUP_HINT}`);
  }
  return path;
}
