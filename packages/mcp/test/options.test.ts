// Bad configuration fails at start-up with a clear error; tracing a transport twice, or
// installing twice, changes nothing; uninstall stops tracing new connections.
import { AgentspanConfigError } from '@agentspan/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { instrumentMcp, traceMcpTransport } from '../src/index.js';
import { useTestEnv } from './support/env.js';
import { orderServer } from './support/pair.js';
import { linkedPair } from './support/raw.js';

const env = useTestEnv({ instrument: false });

describe('options', () => {
  it('rejects unknown keys and wrong types at start-up', () => {
    const [c] = linkedPair();
    expect(() => traceMcpTransport(c, { propagateTurnIds: 'yes' } as never)).toThrow(AgentspanConfigError);
    expect(() => traceMcpTransport(c, { captureContent: true } as never)).toThrow(AgentspanConfigError);
    expect(() => traceMcpTransport(c, { captureContent: true } as never)).toThrow(
      /@agentspan\/mcp traceMcpTransport: unknown option "captureContent" \(valid options: agentspan, propagateTurnIds, resourceUriInSpanName\)/,
    );
    expect(() => traceMcpTransport(c, { agentspan: {} } as never)).toThrow(/Agentspan instance/);
    expect(() => traceMcpTransport(c, 'x' as never)).toThrow(/options must be an object/);
    expect(() => instrumentMcp({ resourceUriInSpanName: 1 } as never)).toThrow(AgentspanConfigError);
    expect(() => instrumentMcp({ protocols: 'x' } as never)).toThrow(/protocols must be an array/);
    expect(() => instrumentMcp({ protocols: [null] } as never)).toThrow(AgentspanConfigError);
  });

  it('names the closest valid key of a misspelt one, on both entry points', () => {
    const [c] = linkedPair();
    expect(() => traceMcpTransport(c, { propagateTurnId: true } as never)).toThrow(/did you mean "propagateTurnIds"\?/);
    expect(() => instrumentMcp({ protocol: [] } as never)).toThrow(
      /@agentspan\/mcp instrumentMcp: unknown option "protocol"; did you mean "protocols"\?/,
    );
    // A key the transport options lack but instrumentMcp takes is still refused on a transport.
    expect(() => traceMcpTransport(c, { protocols: [] } as never)).toThrow(/unknown option "protocols"/);
  });

  it('resources named after their URI only when asked', async () => {
    const [c, s] = linkedPair();
    await orderServer().connect(traceMcpTransport(s));
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(traceMcpTransport(c, { resourceUriInSpanName: true }));
    await client.readResource({ uri: 'policy://returns' });
    await client.close();
    const names = (await env.spans()).map((s) => s.name);
    expect(names).toContain('resources/read policy://returns'); // the client side, opted in
    expect(names).toContain('resources/read'); // the server side, by default
  });
});

describe('installation', () => {
  it('a transport traced twice makes one span per request; a second install returns the first', async () => {
    const first = instrumentMcp();
    expect(instrumentMcp({ propagateTurnIds: true })).toBe(first);
    try {
      const [c, s] = linkedPair();
      await orderServer().connect(traceMcpTransport(traceMcpTransport(s)));
      const client = new Client({ name: 'c', version: '1' });
      await client.connect(c);
      await client.listTools();
      await client.close();
      const spans = await env.spans();
      expect(spans.filter((x) => x.name === 'tools/list').length).toBe(2); // one CLIENT, one SERVER
    } finally {
      first.uninstall();
    }
  });

  it('after uninstall, new connections are not traced', async () => {
    instrumentMcp().uninstall();
    const [c, s] = linkedPair();
    await orderServer().connect(s);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(c);
    await client.listTools();
    await client.close();
    expect(await env.spans()).toEqual([]);
  });
});
