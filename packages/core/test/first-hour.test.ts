// The process-wide instance adapters share, and a chat without system instructions.
import { afterEach, describe, expect, it } from 'vitest';
import { Agentspan, AgentspanConfigError, getAgentspan, setAgentspan } from '../src/index.js';
import { byName, setupOtel } from './helpers.js';

const INSTANCE = Symbol.for('agentspan.core.instance');
const holder = globalThis as { [INSTANCE]?: unknown };

describe('getAgentspan / setAgentspan', () => {
  afterEach(() => {
    delete holder[INSTANCE];
  });

  it('creates one instance on first use and returns it after', () => {
    const first = getAgentspan();
    expect(first).toBeInstanceOf(Agentspan);
    expect(getAgentspan()).toBe(first);
  });

  it('setAgentspan replaces it, on globalThis so that every copy of the core (ESM, CJS) sees it', () => {
    const mine = new Agentspan({ captureContent: true });
    setAgentspan(mine);
    expect(getAgentspan()).toBe(mine);
    expect(holder[INSTANCE]).toBe(mine);
  });

  it('rejects what is no Agentspan', () => {
    expect(() => setAgentspan({} as never)).toThrow(AgentspanConfigError);
    expect(() => setAgentspan(undefined as never)).toThrow(AgentspanConfigError);
  });
});

describe('system instructions', () => {
  const { exporter, tracerProvider } = setupOtel();
  const agentspan = new Agentspan({ tracerProvider, captureContent: true });
  const key = 'gen_ai.system_instructions';

  async function chatWith(systemInstructions: unknown) {
    exporter.reset();
    const start = { provider: 'openai', requestModel: 'gpt-4o-mini', systemInstructions } as never;
    await agentspan.chat(start, async () => 'ok', () => ({}));
    return byName(exporter.getFinishedSpans(), 'chat gpt-4o-mini').attributes[key];
  }

  it('an empty list or an empty string writes no attribute (not "[]")', async () => {
    expect(await chatWith([])).toBeUndefined();
    expect(await chatWith(() => [])).toBeUndefined();
    expect(await chatWith('')).toBeUndefined();
    expect(await chatWith(undefined)).toBeUndefined();
  });

  it('a prompt is written as parts', async () => {
    expect(JSON.parse(String(await chatWith('Be brief.')))).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(JSON.parse(String(await chatWith([{ type: 'text', content: 'x' }])))).toEqual([{ type: 'text', content: 'x' }]);
  });
});
