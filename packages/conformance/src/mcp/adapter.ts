// What an adapter implements to run the MCP scenarios: the S1 turn of its framework, whose
// lookup_order tool is the MCP server's, reached over the given transport. The suite owns
// the SDK and the file the server process writes its spans to.
import type { AdapterEnvironment, ConformanceAdapter } from '../adapter.js';
import type { McpTransportName } from './expected.js';

export interface McpAdapterEnvironment extends AdapterEnvironment {
  /**
   * The file the MCP server process must append its finished spans to, one JSON line each
   * (`JsonLinesSpanExporter` with a SimpleSpanProcessor): pass it as SPANS_FILE_ENV.
   */
  spansFile: string;
}

export interface McpConformanceAdapter extends Omit<ConformanceAdapter, 'setup' | 'transport' | 'serverSpanName'> {
  /** The transport between the framework's MCP client and the server process. */
  mcpTransport: McpTransportName;
  /**
   * Starts (or connects to) the MCP server process and loads its tools into the framework,
   * before any turn: set-up traffic (initialize, tools/list) is not part of a turn. The
   * client side must be traced with `propagateTurnIds` so that the server's spans carry the
   * turn's ids.
   */
  setup(env: McpAdapterEnvironment): Promise<void> | void;
}
