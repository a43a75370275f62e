#!/usr/bin/env node
// agentspan-viewer: starts the viewer from the command line; Ctrl-C closes it cleanly.
import { parseCliArgs, USAGE } from './cli-args.js';
import { startViewer } from './server.js';

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2));
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  const viewer = await startViewer(options);
  process.stdout.write(`agentspan viewer: ${viewer.url}  (OTLP: export OTEL_EXPORTER_OTLP_ENDPOINT=${viewer.url})\n`);
  const stop = (): void => {
    viewer.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`agentspan-viewer: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(1);
});
