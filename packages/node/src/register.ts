// `node --import @agentspan/node/register app.js` (or `--require` for CommonJS): register()
// with the OTEL_* variables alone, wiring the adapters' builds of the application's format.
import { entryFormat } from './entry-format.js';
import { ownFormat } from './installed.js';
import { registerAs } from './sdk.js';

registerAs(undefined, entryFormat() ?? ownFormat());
