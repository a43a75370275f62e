// The UI is served from ui/: index for / and client routes, files under /ui/, no traversal.
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../src/index.js';
import { resolveUiFile, serveIndex, serveUiFile, UI_DIR } from '../src/static-files.js';
import { startTestViewer } from './support/viewer.js';

let viewer: Viewer;
const tmp = mkdtempSync(join(tmpdir(), 'agentspan-viewer-ui-'));

beforeAll(async () => {
  viewer = await startTestViewer();
});
afterAll(async () => {
  await viewer.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A raw path (fetch would normalise "..") */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${viewer.url}${path}`, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => {
        body += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static UI', () => {
  it('resolves ui/ next to src/ and dist/', () => {
    expect(UI_DIR.endsWith(join('viewer', 'ui'))).toBe(true);
  });

  it('serves an HTML page for /, and the same page for client routes', async () => {
    const root = await fetch(`${viewer.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await root.text();
    const route = await fetch(`${viewer.url}/turns/0123456789abcdef0123456789abcdef`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
  });

  it('refuses paths that leave ui/', async () => {
    for (const path of ['/ui/../package.json', '/ui/%2e%2e/package.json', '/ui/..%2fpackage.json', '/ui/%00x']) {
      const res = await rawGet(path);
      expect(res.body, path).not.toContain('"name": "@agentspan/viewer"');
    }
    expect(resolveUiFile('/srv/ui', '../secret')).toBeNull();
    expect(resolveUiFile('/srv/ui', '%2e%2e/secret')).toBeNull();
    expect(resolveUiFile('/srv/ui', 'a/../../secret')).toBeNull();
    expect(resolveUiFile('/srv/ui', 'app.js')).toBe(join('/srv/ui', 'app.js'));
  });

  it('answers 404 for a missing file under /ui/', async () => {
    expect((await fetch(`${viewer.url}/ui/no-such-file.js`)).status).toBe(404);
  });
});

describe('static file helpers', () => {
  let server: Server;
  let base: string;
  let uiDir = join(tmp, 'empty');

  beforeAll(async () => {
    writeFileSync(join(tmp, 'app.js'), 'console.log(1)');
    writeFileSync(join(tmp, 'styles.css'), 'body{}');
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      if (path.startsWith('/ui/')) void serveUiFile(res, path.slice(4), uiDir);
      else void serveIndex(res, uiDir);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves a placeholder while ui/index.html is missing', async () => {
    uiDir = join(tmp, 'empty');
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/agentspan viewer/);
  });

  it('serves files with their content types', async () => {
    uiDir = tmp;
    const js = await fetch(`${base}/ui/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const css = await fetch(`${base}/ui/styles.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
