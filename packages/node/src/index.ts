export { type Registration, register } from './sdk.js';
export type { AdapterSwitches, OtlpProtocol, RegisterOptions } from './options.js';
