// GETs sent one after another over one keep-alive connection (the socket a request's trace
// may be filed under serves them in turn).
import { Agent, get } from 'node:http';

/** The bodies, in order, and how many sockets served them. */
export async function getInTurn(urls: { url: string; headers: Record<string, string> }[]): Promise<{ bodies: string[]; sockets: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const sockets = new Set<unknown>();
  const bodies: string[] = [];
  try {
    for (const { url, headers } of urls) {
      bodies.push(
        await new Promise<string>((resolve, reject) => {
          get(url, { agent, headers }, (res) => {
            sockets.add(res.socket);
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve(text));
          }).on('error', reject);
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  return { bodies, sockets: sockets.size };
}
