// Loopback by default; a non-loopback bind needs allowRemote and a token; the token guards
// /v1/traces and /api/*; a foreign Host header is refused on a loopback bind.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startViewer, type Viewer } from '../src/index.js';
import { TOKEN_ENV } from '../src/options.js';
import { otlpRequest, traceId } from './support/otlp-json.js';
import { field, postTraces, startTestViewer } from './support/viewer.js';

const TOKEN = 'correct-horse-battery';
let viewer: Viewer | undefined;

afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
  delete process.env[TOKEN_ENV];
});

function rawGet(url: string, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('binding', () => {
  it('binds 127.0.0.1 by default', async () => {
    viewer = await startTestViewer();
    expect(viewer.url).toBe(`http://127.0.0.1:${viewer.port}`);
    expect(viewer.port).toBeGreaterThan(0);
  });

  it('refuses a non-loopback host without allowRemote, and without a token', async () => {
    await expect(startViewer({ host: '0.0.0.0', port: 0, dbPath: ':memory:' })).rejects.toThrow(
      /refusing to bind non-loopback host "0\.0\.0\.0".*allowRemote/,
    );
    await expect(startViewer({ host: '0.0.0.0', port: 0, dbPath: ':memory:', allowRemote: true })).rejects.toThrow(
      /requires an access token/,
    );
  });

  it('binds a non-loopback host with allowRemote and a token (from the environment too)', async () => {
    process.env[TOKEN_ENV] = TOKEN;
    viewer = await startViewer({ host: '0.0.0.0', port: 0, dbPath: ':memory:', allowRemote: true });
    const body = otlpRequest([{ traceId: traceId(), name: 'x', startMs: Date.now() }]);
    expect((await postTraces(viewer, body)).status).toBe(401);
    const ok = await postTraces(viewer, body, { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
  });

  it('rejects bad options with clear errors', async () => {
    await expect(startViewer({ port: 70000 })).rejects.toThrow(/option port must be an integer between 0 and 65535/);
    await expect(startViewer({ maxTurns: 0 })).rejects.toThrow(/maxTurns/);
    await expect(startViewer({ token: 'short' })).rejects.toThrow(/at least 8 characters/);
    await expect(startViewer({ colour: 'red' } as never)).rejects.toThrow(/unknown option "colour"/);
    await expect(startViewer({ dbPath: '' })).rejects.toThrow(/dbPath/);
  });

  it('reports a port in use clearly', async () => {
    viewer = await startTestViewer();
    await expect(startTestViewer({ port: viewer.port })).rejects.toThrow(/port \d+ on 127\.0\.0\.1 is in use/);
  });
});

describe('access token', () => {
  it('guards /v1/traces and /api/* but not the UI shell', async () => {
    viewer = await startTestViewer({ token: TOKEN });
    const body = otlpRequest([{ traceId: traceId(), name: 'x', startMs: Date.now() }]);
    expect((await postTraces(viewer, body)).status).toBe(401);
    const wrong = { 'content-type': 'application/json', authorization: 'Bearer wrong-token-value' };
    expect((await postTraces(viewer, body, wrong)).status).toBe(401);
    expect((await fetch(`${viewer.url}/api/turns`)).status).toBe(401);
    expect((await fetch(`${viewer.url}/`)).status).toBe(200);

    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await postTraces(viewer, body, { 'content-type': 'application/json', ...auth })).status).toBe(200);
    const list = await fetch(`${viewer.url}/api/turns`, { headers: auth });
    expect(list.status).toBe(200);
    expect(await field(list, 'total')).toBe(1);
  });

  it('?token= once sets an HttpOnly cookie and redirects to the address without it', async () => {
    viewer = await startTestViewer({ token: TOKEN });
    const first = await fetch(`${viewer.url}/turns/abc?x=1&token=${TOKEN}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/turns/abc?x=1');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0] ?? '';
    expect((await fetch(`${viewer.url}/api/turns`, { headers: { cookie: pair } })).status).toBe(200);
    expect((await fetch(`${viewer.url}/api/turns`, { headers: { cookie: 'agentspan_viewer_token=nope-nope' } })).status).toBe(401);
    // A wrong ?token= sets nothing.
    const wrong = await fetch(`${viewer.url}/?token=wrong-token-value`, { redirect: 'manual' });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${viewer.url}/api/turns?token=wrong-token-value`)).status).toBe(401);
  });

  it('without a token on loopback, everything is open', async () => {
    viewer = await startTestViewer();
    expect((await fetch(`${viewer.url}/api/turns`)).status).toBe(200);
  });
});

describe('DNS rebinding', () => {
  it('refuses a foreign Host header on a loopback bind', async () => {
    viewer = await startTestViewer();
    expect(await rawGet(viewer.url, '/api/turns', 'evil.example:4318')).toBe(403);
    expect(await rawGet(viewer.url, '/api/turns', `localhost:${viewer.port}`)).toBe(200);
    expect(await rawGet(viewer.url, '/api/turns', `127.0.0.1:${viewer.port}`)).toBe(200);
    expect(await rawGet(viewer.url, '/api/turns', `[::1]:${viewer.port}`)).toBe(200);
  });
});
