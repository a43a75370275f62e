// The quick starts, read from the READMEs themselves so that README and test cannot drift.
// A fenced block whose info string carries `title=<name>` belongs to a quick start:
//
//   ```sh title=install           the npm install command(s), run in a blank project
//   ```js title=agent.mjs         a file of the project, written as shown
//   ```sh title=run               the command(s) that run it
//   ```text title=tree            the span tree(s) the viewer must show afterwards
//
// `title=<project>:<name>` puts the block in another quick start of the same README.
import { readFileSync } from 'node:fs';

export interface QuickStart {
  /** README path relative to the repository, and the project's name within it. */
  readme: string;
  project: string;
  install: string[];
  run: string[];
  files: Map<string, string>;
  tree: string;
}

const FENCE = /^```(\w*)[^\S\n]+([^\n]*?)\n([\s\S]*?)^```[^\S\n]*$/gm;
const TITLE = /(?:^|\s)title=(\S+)/;

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

export function parseQuickStarts(readme: string, markdown: string): QuickStart[] {
  const projects = new Map<string, QuickStart>();
  for (const match of markdown.matchAll(FENCE)) {
    const title = TITLE.exec(match[2] ?? '')?.[1];
    if (!title) continue;
    const colon = title.indexOf(':');
    const [project, name] = colon > 0 ? [title.slice(0, colon), title.slice(colon + 1)] : ['main', title];
    let qs = projects.get(project);
    if (!qs) {
      qs = { readme, project, install: [], run: [], files: new Map(), tree: '' };
      projects.set(project, qs);
    }
    const body = match[3] ?? '';
    if (name === 'install') qs.install.push(...lines(body));
    else if (name === 'run') qs.run.push(...lines(body));
    else if (name === 'tree') qs.tree += body;
    else qs.files.set(name, body);
  }
  for (const qs of projects.values()) {
    if (qs.install.length === 0 || qs.run.length === 0 || !qs.tree.trim()) {
      throw new Error(`${readme}: quick start "${qs.project}" needs install, run and tree blocks`);
    }
  }
  return [...projects.values()];
}

export function readQuickStarts(root: string, readme: string): QuickStart[] {
  return parseQuickStarts(readme, readFileSync(`${root}/${readme}`, 'utf8'));
}
