// Errors whose getters throw, and revoked Proxies, thrown by decorated methods (sync, async,
// an Observable that errors): the caller (or the subscriber) gets the same object, the span
// ends, and over HTTP the app answers as it does without agentspan — no crash.
import 'reflect-metadata';
import { Agentspan } from '@agentspan/core';
import { OpenSpanCounter } from '@agentspan/conformance/runner';
import { Controller, Get, Inject, Injectable, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Observable, firstValueFrom, throwError } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentspanModule, TraceAgent, TraceTool } from '../src/index.js';
import { setupOtel } from '@agentspan/testing-http';

const openSpans = new OpenSpanCounter();
setupOtel({ http: false, processors: [openSpans] });
const as = new Agentspan();

/** Each a fresh object: a test compares the one the caller got with the one thrown. */
const HOSTILE: Record<string, () => unknown> = {
  'cause getter throws': () => {
    const e = new Error('boom');
    Object.defineProperty(e, 'cause', {
      get() {
        throw new Error('cause getter');
      },
    });
    return e;
  },
  'message getter throws': () => {
    const e = new Error('boom');
    Object.defineProperty(e, 'message', {
      get() {
        throw new Error('message getter');
      },
    });
    return e;
  },
  'name getter throws': () => {
    const e = new Error('boom');
    Object.defineProperty(e, 'name', {
      get() {
        throw new Error('name getter');
      },
    });
    return e;
  },
  'revoked Proxy': () => {
    const { proxy, revoke } = Proxy.revocable(new Error('boom'), {});
    revoke();
    return proxy;
  },
};

let next: unknown;

@Injectable()
class Tools {
  @TraceTool('sync')
  sync(): never {
    throw next;
  }

  @TraceTool('async')
  async later(): Promise<never> {
    await Promise.resolve();
    throw next;
  }

  @TraceTool('observable')
  stream(): Observable<never> {
    const error = next;
    return throwError(() => error);
  }
}

@Controller()
class HostileController {
  constructor(@Inject(Tools) private readonly tools: Tools) {}

  @Get('call/:kind')
  @TraceAgent('agent')
  call(@Param('kind') kind: string): unknown {
    if (kind === 'sync') return this.tools.sync();
    if (kind === 'async') return this.tools.later();
    return this.tools.stream();
  }
}

const kinds = ['sync', 'async', 'observable'] as const;

/** What the call threw, boxed (a promise resolved with a revoked Proxy reads its `then`). */
async function callTool(tools: Tools, kind: (typeof kinds)[number]): Promise<{ thrown: unknown }> {
  try {
    if (kind === 'sync') tools.sync();
    else if (kind === 'async') await tools.later();
    else await firstValueFrom(tools.stream());
  } catch (error) {
    return { thrown: error };
  }
  return { thrown: 'nothing' };
}

describe.each(Object.entries(HOSTILE))('a decorated method throwing an error whose %s', (_name, make) => {
  it.each(kinds)('%s: the caller gets the same object and the span ends', async (kind) => {
    const tools = new Tools();
    const error = make();
    next = error;
    const { thrown } = await callTool(tools, kind);
    expect(thrown === error).toBe(true); // not toBe: the assertion library would read the revoked Proxy
    expect(openSpans.openSpans()).toEqual([]);
  });
});

describe('over HTTP, the app answers as it does without agentspan', () => {
  const apps: { close(): Promise<void> }[] = [];
  const ports: Record<'traced' | 'bare', number> = { traced: 0, bare: 0 };

  beforeAll(async () => {
    for (const traced of [true, false] as const) {
      @Module({ imports: traced ? [AgentspanModule.forRoot({ agentspan: as })] : [], controllers: [HostileController], providers: [Tools] })
      class AppModule {}
      const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
      await app.listen(0, '127.0.0.1');
      apps.push(app);
      ports[traced ? 'traced' : 'bare'] = (app.getHttpServer().address() as { port: number }).port;
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it.each(Object.keys(HOSTILE).flatMap((name) => kinds.map((kind) => [name, kind] as const)))('%s, %s', async (name, kind) => {
    const answer = async (port: number) => {
      next = HOSTILE[name]!();
      const res = await fetch(`http://127.0.0.1:${port}/call/${kind}`);
      return { status: res.status, body: await res.text() };
    };
    expect(await answer(ports.traced)).toEqual(await answer(ports.bare));
    expect(await openSpans.waitUntilAllEnded(2000)).toEqual([]);
  });
});
