// Starting the order service as a child process, for the example's client, the framework
// examples' MCP conformance runs and the demo: over stdio (the SDK's client transport spawns
// it) or over Streamable HTTP (started here, its URL read from its output).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built server script (dist/order-server.js). */
export const ORDER_SERVER_SCRIPT = fileURLToPath(new URL('./order-server.js', import.meta.url));

function childEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

/** Parameters of the SDK's StdioClientTransport (and the AI SDK's, LangChain's and LlamaIndex's stdio configs). */
export function stdioOrderServer(env: Record<string, string> = {}): { command: string; args: string[]; env: Record<string, string> } {
  return { command: process.execPath, args: [ORDER_SERVER_SCRIPT], env: childEnv(env) };
}

export interface HttpOrderServer {
  url: URL;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the server over Streamable HTTP on a free port; resolves with its URL (30 s at most). */
export async function startHttpOrderServer(env: Record<string, string> = {}): Promise<HttpOrderServer> {
  const child = spawn(process.execPath, [ORDER_SERVER_SCRIPT, '--http', '0'], { env: childEnv(env), stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the order service did not start within 30 s')), 30_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /(http:\/\/\S+\/mcp)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(new URL(match[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the order service exited with ${code}`));
    });
  });
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
