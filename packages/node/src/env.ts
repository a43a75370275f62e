// The standard OTEL_* variables register() reads itself (the OTLP exporters read their own:
// endpoint, headers, timeout, compression, certificates, metrics temporality).
import { getBooleanFromEnv, getNumberFromEnv, getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';
import { PROTOCOLS, type OtlpProtocol } from './options.js';
import { warn } from './warn.js';

export type Signal = 'TRACES' | 'METRICS';

export const env = {
  string: getStringFromEnv,
  number: getNumberFromEnv,
  list: getStringListFromEnv,
  boolean: getBooleanFromEnv,
};

/** `OTEL_SDK_DISABLED=true`: register() sets up nothing. */
export function sdkDisabled(): boolean {
  return getBooleanFromEnv('OTEL_SDK_DISABLED') === true;
}

/** The signal's exporters: `otlp` (default), `console`, `none`. */
export function exporterNames(signal: Signal): string[] {
  const names = getStringListFromEnv(`OTEL_${signal}_EXPORTER`) ?? [];
  if (names.length === 0) return ['otlp'];
  if (names.includes('none')) return [];
  const known: string[] = names.filter((n) => n === 'otlp' || n === 'console');
  for (const name of names) {
    if (!known.includes(name)) warn(`OTEL_${signal}_EXPORTER=${name} is not supported (otlp, console, none); ignored`);
  }
  return [...new Set(known)];
}

/** The signal's OTLP protocol: the option, else `…_<SIGNAL>_PROTOCOL`, `OTEL_EXPORTER_OTLP_PROTOCOL`, `http/protobuf`. */
export function protocolOf(signal: Signal, option: OtlpProtocol | undefined): OtlpProtocol {
  if (option) return option;
  const raw = (getStringFromEnv(`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`) ?? getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL'))?.trim();
  if (!raw) return 'http/protobuf';
  if ((PROTOCOLS as readonly string[]).includes(raw)) return raw as OtlpProtocol;
  warn(`OTLP protocol "${raw}" is not one of ${PROTOCOLS.join(', ')}; using http/protobuf`);
  return 'http/protobuf';
}

/** Whether the environment names an endpoint for the signal (then the exporter reads it). */
export function endpointInEnv(signal: Signal): boolean {
  return Boolean(getStringFromEnv(`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`) ?? getStringFromEnv('OTEL_EXPORTER_OTLP_ENDPOINT'));
}
