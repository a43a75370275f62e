// The order service's process: `node dist/order-server.js` serves MCP over stdio (what an MCP
// client spawns); `node dist/order-server.js --http [port]` over Streamable HTTP, printing its
// URL. Traced by @agentspan/mcp: each request a SERVER span continuing the caller's trace,
// the tool an execute_tool span below it.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agentspan } from '@agentspan/core';
import { instrumentMcp } from '@agentspan/mcp';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createOrderServer } from './orders.js';
import { startServerTelemetry } from './server-telemetry.js';

const telemetry = startServerTelemetry('order-service');
instrumentMcp({ agentspan: new Agentspan({ tracerProvider: telemetry.tracerProvider }) });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await telemetry.shutdown();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

/** Streamable HTTP with sessions: a transport and a server per session, found by its header. */
function serveHttp(port: number): void {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (req, res) => {
    try {
      const id = req.headers['mcp-session-id'];
      let transport = typeof id === 'string' ? sessions.get(id) : undefined;
      if (!transport) {
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sessionId) => void sessions.set(sessionId, created),
        });
        created.onclose = () => void (created.sessionId && sessions.delete(created.sessionId));
        await createOrderServer().connect(created);
        transport = created;
      }
      await transport.handleRequest(req, res, req.method === 'POST' ? await readJson(req) : undefined);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    }
  });
  http.listen(port, '127.0.0.1', () => {
    process.stdout.write(`order service: MCP over Streamable HTTP at http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp\n`);
  });
}

const httpFlag = process.argv.indexOf('--http');
if (httpFlag >= 0) {
  serveHttp(Number(process.argv[httpFlag + 1] ?? 0) || 0);
} else {
  const transport = new StdioServerTransport();
  transport.onclose = () => void stop();
  await createOrderServer().connect(transport);
  process.stdin.on('end', () => void stop());
}
