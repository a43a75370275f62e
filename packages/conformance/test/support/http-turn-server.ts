// A plain node:http server that serves the manual-API turn under the request's SERVER span,
// with the core's framework-neutral HTTP pieces: what an HTTP adapter does, minus a framework.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpTraceHost, startHttpRequest } from '@agentspan/core';
import { context } from '@opentelemetry/api';
import type { ConformanceAdapter, TurnRequest } from '../../src/adapter.js';
import { coreManualAdapter } from '../../src/reference/core-manual-adapter.js';

export function httpTurnAdapter(): ConformanceAdapter {
  const pending = new Map<string, TurnRequest>();
  let server: Server | undefined;
  let nextKey = 0;

  return {
    name: 'node:http + core HTTP request trace',
    transport: 'http',
    serverSpanName: 'POST /chat',
    async setup() {
      server = createServer((req, res) => {
        const turn = pending.get(String(req.headers['x-turn-key']));
        if (!turn) {
          res.writeHead(404).end();
          return;
        }
        const request = startHttpRequest(httpTraceHost(turn.agentspan), req);
        request?.setRoute('/chat');
        res.on('close', () => request?.end(res.statusCode));
        context.with(request?.context ?? context.active(), () => {
          coreManualAdapter.runTurn(turn).then(
            () => res.writeHead(200).end('ok'),
            (error: unknown) => {
              request?.recordError(error);
              res.writeHead(500).end();
            },
          );
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
    },
    async teardown() {
      server?.close();
      if (server) await once(server, 'close');
    },
    async runTurn(turn) {
      const key = String(nextKey++);
      pending.set(key, turn);
      try {
        const { port } = server!.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/chat`, {
          method: 'POST',
          headers: { 'x-turn-key': key, 'x-conversation-id': turn.conversationId, 'x-user-id': turn.userId },
        });
        await response.text();
      } finally {
        pending.delete(key);
      }
    },
  };
}
