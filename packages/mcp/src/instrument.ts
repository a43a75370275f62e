// One call traces every MCP client and server of the official SDK in the process: the
// SDK's `Protocol.connect` (which Client, Server and McpServer all go through) traces the
// transport it is given before attaching to it. Clients created by libraries (LangChain's
// MCP adapters, LlamaIndex's mcp tools) are covered as well as the application's own.
import { AgentspanConfigError, type KeyList, Patcher, checkOptionKeys, reportInternal } from '@agentspan/core';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { type McpTraceOptions, TRACE_OPTION_KEYS, resolveMcpOptions } from './options.js';
import { type McpTransportLike, traceResolved } from './traced-transport.js';

export interface McpInstrumentation {
  /** Stops tracing new connections (connections already traced keep their spans). */
  uninstall(): void;
}

export interface InstrumentMcpOptions extends McpTraceOptions {
  /**
   * More copies of the SDK's `Protocol` class to patch (an application that loads the SDK
   * both as ESM and as CommonJS, or two versions). The copy this package imports is always patched.
   */
  protocols?: readonly { prototype: object }[];
}

const INSTRUMENT_OPTION_KEYS: KeyList<InstrumentMcpOptions> = { ...TRACE_OPTION_KEYS, protocols: true };
const WHERE = '@agentspan/mcp instrumentMcp';

let installed: McpInstrumentation | undefined;

/** Traces every connection the MCP SDK makes from now on. Idempotent: a second call returns the first handle. */
export function instrumentMcp(options: InstrumentMcpOptions = {}): McpInstrumentation {
  if (installed) return installed;
  if (typeof options !== 'object' || options === null) throw new AgentspanConfigError(`${WHERE}: options must be an object`);
  checkOptionKeys(WHERE, options, INSTRUMENT_OPTION_KEYS);
  const { protocols = [], ...traceOptions } = options;
  if (!Array.isArray(protocols) || protocols.some((p) => typeof p?.prototype !== 'object' || p.prototype === null)) {
    throw new AgentspanConfigError(`${WHERE}: protocols must be an array of the SDK's Protocol classes`);
  }
  const resolved = resolveMcpOptions(traceOptions, WHERE);
  const patcher = new Patcher();
  for (const protocol of [Protocol, ...protocols]) {
    patcher.method(protocol.prototype, 'connect', (connect) =>
      function (this: unknown, ...args: unknown[]): unknown {
        try {
          const transport = args[0];
          if (typeof transport === 'object' && transport !== null) traceResolved(transport as McpTransportLike, resolved);
        } catch (error) {
          reportInternal('mcp: connect', error);
        }
        return (connect as (...a: unknown[]) => unknown).apply(this, args);
      },
    );
  }
  const handle: McpInstrumentation = {
    uninstall() {
      patcher.restore();
      if (installed === handle) installed = undefined;
    },
  };
  installed = handle;
  return handle;
}
