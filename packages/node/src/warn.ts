// What the application's developer must see (an adapter that cannot load, exports that
// cannot reach the default endpoint) goes to stderr once, prefixed; never an exception.
const seen = new Set<string>();

export function warn(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  try {
    process.stderr.write(`agentspan: ${message}\n`);
  } catch {
    // stderr closed: nothing else to do
  }
}
