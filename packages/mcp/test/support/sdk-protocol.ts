// The SDK's Protocol class as this package's source resolves it (the lowest-version suite
// checks it is the copy it installed).
export { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
