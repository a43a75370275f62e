// The agentspan adapters that need no code of the application's: when one is installed,
// register() makes its global registration. Express and Nest need a line in the app
// (`app.use(agentspan())`, `AgentspanModule.forRoot()`) and use the instance register() made.
import { AgentspanConfigError, reportInternal } from '@agentspan/core';
import { type ModuleFormat, findInstalled } from './installed.js';
import type { AdapterSwitches } from './options.js';
import { warn } from './warn.js';

type Undo = () => void;

interface Adapter {
  readonly key: keyof AdapterSwitches;
  readonly packageName: string;
  /** Makes the registration with the adapter's own options; returns how to undo it, if it can be. */
  wire(module: Record<string, unknown>, options: Record<string, unknown> | undefined): Undo | undefined;
}

function call(module: Record<string, unknown>, name: string, ...args: unknown[]): unknown {
  const fn = module[name];
  if (typeof fn !== 'function') throw new Error(`${name} is not exported; is the adapter older than @agentspan/node?`);
  return (fn as (...a: unknown[]) => unknown)(...args);
}

type TelemetryHolder = { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] };

const ADAPTERS: readonly Adapter[] = [
  {
    key: 'langchain',
    packageName: '@agentspan/langchain',
    // LangChain has no way to remove a configure hook: the handler stays for the process.
    wire: (m, options) => {
      call(m, 'registerAgentspanHandler', options);
      return undefined;
    },
  },
  {
    key: 'aiSdk',
    packageName: '@agentspan/ai-sdk',
    // The AI SDK keeps global integrations in one array on globalThis; ours is taken out again.
    wire: (m, options) => {
      const integration = call(m, 'registerAgentspanTelemetry', options);
      return () => {
        const list = (globalThis as TelemetryHolder).AI_SDK_TELEMETRY_INTEGRATIONS;
        const at = list?.indexOf(integration) ?? -1;
        if (list && at >= 0) list.splice(at, 1);
      };
    },
  },
  {
    key: 'llamaindex',
    packageName: '@agentspan/llamaindex',
    wire: (m, options) => call(m, 'instrumentLlamaIndex', options) as Undo,
  },
];

export type AdapterSetting = boolean | Record<string, unknown> | undefined;

function settingOf(adapters: boolean | AdapterSwitches | undefined, key: keyof AdapterSwitches): AdapterSetting {
  if (adapters === undefined || adapters === true) return true;
  if (adapters === false) return false;
  return adapters[key] ?? true;
}

export interface WiredAdapters {
  /** The adapters wired, by package name. */
  readonly names: readonly string[];
  undo(): void;
}

/**
 * Wires every installed adapter the options leave on. An adapter installed without its
 * framework is reported and skipped; an adapter's own AgentspanConfigError (bad options
 * passed through `adapters`) is thrown: it is the application's configuration.
 */
export function wireAdapters(adapters: boolean | AdapterSwitches | undefined, format: ModuleFormat): WiredAdapters {
  const names: string[] = [];
  const undos: Undo[] = [];
  for (const adapter of ADAPTERS) {
    const setting = settingOf(adapters, adapter.key);
    if (setting === false) continue;
    const installed = findInstalled(adapter.packageName, format);
    if (!installed) continue;
    let module: Record<string, unknown>;
    try {
      module = installed.load() as Record<string, unknown>;
    } catch (error) {
      warn(`${adapter.packageName} is installed but could not be loaded, so it is not wired: ${firstLine(error)}`);
      continue;
    }
    try {
      const undo = adapter.wire(module, typeof setting === 'object' ? setting : undefined);
      if (undo) undos.push(undo);
      names.push(adapter.packageName);
    } catch (error) {
      if (error instanceof AgentspanConfigError || (error as Error)?.name === 'AgentspanConfigError') throw error;
      warn(`${adapter.packageName} could not be wired: ${firstLine(error)}`);
    }
  }
  return {
    names,
    undo() {
      for (const undo of undos.reverse()) {
        try {
          undo();
        } catch (error) {
          reportInternal('node: undo an adapter', error);
        }
      }
    },
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
