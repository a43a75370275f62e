export { otlpSpanProcessors, startTelemetry, type Telemetry, type TelemetryOptions } from './telemetry.js';
export { type Column, type RenderOptions, renderTree, sideBySide } from './print-tree.js';
