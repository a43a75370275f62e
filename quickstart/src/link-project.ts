// A second project with the same dependencies as an installed one: its manifest, lock and
// node_modules, hard-linked (cp -al: instant, no disk), so npm runs once per install command.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function linkProject(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  execFileSync('cp', ['-al', join(from, 'node_modules'), join(from, 'package.json'), join(from, 'package-lock.json'), to]);
}
