// README snippets run as a user runs them: each ```ts block of a section becomes a module
// beside the package's tests (so that it resolves the package and its peers as an app
// does), is imported with PORT=0, and hands back the servers it started listening.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The ```ts blocks of the README section that starts with `heading` (up to the next heading of its level). */
export function readmeSnippets(readmePath: string, heading: string): string[] {
  const text = readFileSync(readmePath, 'utf8');
  const start = text.indexOf(`\n${heading}\n`);
  if (start === -1) throw new Error(`${readmePath}: no section "${heading}"`);
  const level = /^#+/.exec(heading)?.[0] ?? '##';
  const rest = text.slice(start + heading.length + 2);
  const next = rest.search(new RegExp(`^${level} `, 'm'));
  const section = next === -1 ? rest : rest.slice(0, next);
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
}

/**
 * Imports `code` as `<dir>/.readme-snippets/<name>.ts` with PORT=0 and resolves the servers
 * it started; `cleanup()` closes them and removes the file.
 */
export async function runSnippet(code: string, dir: string, name: string): Promise<{ ports: number[]; cleanup(): void }> {
  const folder = path.join(dir, '.readme-snippets');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, `${name}.ts`);
  writeFileSync(file, code);
  const servers: net.Server[] = [];
  const listen = net.Server.prototype.listen;
  const port = process.env.PORT;
  process.env.PORT = '0';
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    servers.push(this);
    return (listen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof listen;
  try {
    await import(pathToFileURL(file).href);
  } finally {
    net.Server.prototype.listen = listen;
    if (port === undefined) delete process.env.PORT;
    else process.env.PORT = port;
  }
  await Promise.all(servers.map((s) => (s.listening ? undefined : new Promise((r) => s.once('listening', r)))));
  return {
    ports: servers.map((s) => (s.address() as net.AddressInfo).port),
    cleanup: () => {
      for (const s of servers) {
        (s as net.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        s.close();
      }
      rmSync(file, { force: true });
    },
  };
}
