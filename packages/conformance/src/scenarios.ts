// The scenarios of the spec as data: which turns to run, with which core configuration,
// what tree each turn must produce and which further checks apply.
import { ENV_CAPTURE_MESSAGE_CONTENT } from '@agentspan/semconv';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { OptionalScenario, TurnVariant } from './adapter.js';
import { checkCapturedContent, checkNoContent, findRawStrings } from './content-checks.js';
import {
  expectedS1,
  expectedS2,
  expectedS3,
  expectedS4,
  expectedS4b,
  expectedS7,
  expectedS7Steps,
  S1_IDS,
  type TurnIds,
} from './expected.js';
import { PII, PII_USER_MESSAGE, REDACTION_MARKERS, S1 } from './fixture.js';
import { expectedS8, expectedS9 } from './expected-team.js';
import { maskCancelledTurn } from './masks.js';
import { checkS1Metrics, checkStreamingMetrics } from './metric-checks.js';
import { checkInvocationMetrics } from './invocation-checks.js';
import { S8, S9 } from './team-fixture.js';
import type { NormalizedSpan } from './normalized-span.js';
import { checkStreamedChats } from './stream-checks.js';

export type ScenarioId =
  | 'S1'
  | 'S1-metrics'
  | 'S2'
  | 'S3'
  | 'S4'
  | 'S4b-abort'
  | 'S4b-idle'
  | 'S5'
  | 'S6-capture-off'
  | 'S6-capture-on'
  | 'S6-capture-env'
  | 'S6-truncation'
  | 'S6-exception-redaction'
  | 'S7'
  | 'S8'
  | 'S9';

export const SCENARIO_IDS: readonly ScenarioId[] = [
  'S1',
  'S1-metrics',
  'S2',
  'S3',
  'S4',
  'S4b-abort',
  'S4b-idle',
  'S5',
  'S6-capture-off',
  'S6-capture-on',
  'S6-capture-env',
  'S6-truncation',
  'S6-exception-redaction',
  'S7',
  'S8',
  'S9',
];

/** What the caller of a turn must see: it resolves, it rejects with the model error, either. */
export type CallerOutcome = 'resolves' | 'rejects-with-model-error' | 'either';

/** What a scenario's extra checks are given. */
export interface ScenarioEvidence {
  spans: readonly ReadableSpan[];
  metrics: ResourceMetrics;
  /** The model errors handed to the turns (S3, S6 exception redaction). */
  modelErrorMessages: readonly { error: Error; originalMessage: string }[];
  /** The turn was served over HTTP (the request's span is the root). */
  http: boolean;
}

export interface ScenarioDefinition {
  id: ScenarioId;
  title: string;
  variant: TurnVariant;
  /** One entry per turn; more than one runs them interleaved. */
  turnIds: readonly TurnIds[];
  userMessage: string;
  /** `undefined`: the core's default (content capture off unless the env var says otherwise). */
  captureContent: boolean | undefined;
  contentMaxLength?: number;
  /** Environment variables set while the core is created and the turns run. */
  env?: Readonly<Record<string, string>>;
  /** Message of the model error (S3 variants). */
  modelErrorMessage?: string;
  caller: CallerOutcome;
  /** The expected tree of one turn; `toolErrorCategory` is the core's classification (S2). */
  expected(ids: TurnIds, toolErrorCategory: string): NormalizedSpan;
  /**
   * HTTP transport: what hangs under the request's SERVER span when it is not the turn's
   * own root (S7: a root exists, so the framework's run makes none; the steps hang there).
   */
  underServerSpan?(ids: TurnIds): NormalizedSpan[];
  /** The scenario an adapter may declare it cannot express (`cannotExpress`). */
  optional?: OptionalScenario;
  /** Removes what the spec leaves uncompared from an actual tree. */
  mask?(node: NormalizedSpan): NormalizedSpan;
  /** HTTP transport: whether the request span's status and events are compared (not on failures). */
  compareServerOutcome: boolean;
  check?(evidence: ScenarioEvidence): string[];
}

const PII_STRINGS = Object.values(PII);

/** The contentMaxLength of the truncation scenario: shorter than the turn's input messages. */
export const TRUNCATION_LIMIT = 160;

const base = {
  turnIds: [S1_IDS],
  userMessage: S1.userMessage,
  captureContent: false,
  caller: 'resolves',
  compareServerOutcome: true,
} as const;

export const SCENARIOS: Readonly<Record<ScenarioId, ScenarioDefinition>> = {
  S1: {
    ...base,
    id: 'S1',
    title: 'S1 one support-agent turn: the canonical tree',
    variant: 'ok',
    expected: (ids) => expectedS1(ids),
  },
  'S1-metrics': {
    ...base,
    id: 'S1-metrics',
    title: 'S1 metrics: durations, token counters, cost, no ids',
    variant: 'ok',
    expected: (ids) => expectedS1(ids),
    check: ({ metrics }) => checkS1Metrics(metrics),
  },
  S2: {
    ...base,
    id: 'S2',
    title: 'S2 a failing tool: the tool span fails, the agent answers',
    variant: 'tool_error',
    expected: (ids, toolErrorCategory) => expectedS2(toolErrorCategory, ids),
  },
  S3: {
    ...base,
    id: 'S3',
    title: 'S3 a failing model call: the error reaches the caller',
    variant: 'model_error',
    caller: 'rejects-with-model-error',
    compareServerOutcome: false,
    expected: (ids) => expectedS3(ids),
    check: ({ modelErrorMessages }) => checkErrorsUnchanged(modelErrorMessages),
  },
  S4: {
    ...base,
    id: 'S4',
    title: 'S4 streaming: the S1 tree, streamed chats report time to first chunk',
    variant: 'stream',
    expected: (ids) => expectedS4(ids),
    check: ({ spans, metrics }) => [...checkStreamedChats(spans), ...checkStreamingMetrics(metrics)],
  },
  'S4b-abort': {
    ...base,
    id: 'S4b-abort',
    title: 'S4b the caller aborts the stream after 2 chunks: cancelled',
    variant: 'stream_abort',
    caller: 'either',
    compareServerOutcome: false,
    expected: (ids) => expectedS4b(ids),
    mask: maskCancelledTurn,
  },
  'S4b-idle': {
    ...base,
    id: 'S4b-idle',
    title: 'S4b the caller stops reading the stream: abandoned after the idle time, cancelled',
    variant: 'stream_idle',
    caller: 'either',
    compareServerOutcome: false,
    expected: (ids) => expectedS4b(ids),
    mask: maskCancelledTurn,
  },
  S5: {
    ...base,
    id: 'S5',
    title: `S5 ${S1.concurrentTurns} interleaved turns: one S1 trace each, no cross-turn parenting`,
    variant: 'ok',
    turnIds: Array.from({ length: S1.concurrentTurns }, (_, index) => ({
      conversationId: `conv-${index}`,
      userId: S1.userId,
    })),
    expected: (ids) => expectedS1(ids),
  },
  'S6-capture-off': {
    ...base,
    id: 'S6-capture-off',
    title: 'S6 content capture off by default: no content attribute, no personal data',
    variant: 'ok',
    userMessage: PII_USER_MESSAGE,
    captureContent: undefined,
    expected: (ids) => expectedS1(ids),
    check: ({ spans, metrics }) => [
      ...checkNoContent(spans),
      ...findRawStrings(spans, [metrics], PII_STRINGS),
    ],
  },
  'S6-capture-on': {
    ...base,
    id: 'S6-capture-on',
    title: 'S6 content capture on: GenAI message JSON, personal data redacted everywhere',
    variant: 'ok',
    userMessage: PII_USER_MESSAGE,
    captureContent: true,
    expected: (ids) => expectedS1(ids),
    check: ({ spans, metrics }) => [
      ...checkCapturedContent(spans),
      ...findRawStrings(spans, [metrics], PII_STRINGS),
    ],
  },
  'S6-capture-env': {
    ...base,
    id: 'S6-capture-env',
    title: `S6 content capture turned on by ${ENV_CAPTURE_MESSAGE_CONTENT}=true`,
    variant: 'ok',
    userMessage: PII_USER_MESSAGE,
    captureContent: undefined,
    env: { [ENV_CAPTURE_MESSAGE_CONTENT]: 'true' },
    expected: (ids) => expectedS1(ids),
    check: ({ spans, metrics }) => [
      ...checkCapturedContent(spans),
      ...findRawStrings(spans, [metrics], PII_STRINGS),
    ],
  },
  'S6-truncation': {
    ...base,
    id: 'S6-truncation',
    title: `S6 content truncated to contentMaxLength (${TRUNCATION_LIMIT}) as valid JSON`,
    variant: 'ok',
    userMessage: PII_USER_MESSAGE,
    captureContent: true,
    contentMaxLength: TRUNCATION_LIMIT,
    expected: (ids) => expectedS1(ids),
    check: ({ spans, metrics }) => [
      ...checkCapturedContent(spans, { maxLength: TRUNCATION_LIMIT }),
      ...findRawStrings(spans, [metrics], PII_STRINGS),
    ],
  },
  'S6-exception-redaction': {
    ...base,
    id: 'S6-exception-redaction',
    title: 'S6 exception messages are redacted with capture off; the caller gets the error unchanged',
    variant: 'model_error',
    caller: 'rejects-with-model-error',
    compareServerOutcome: false,
    modelErrorMessage: `Rate limit reached for gpt-4o-mini. Request was: ${PII_USER_MESSAGE}`,
    expected: (ids) => expectedS3(ids),
    check: ({ spans, metrics, modelErrorMessages }) => [
      ...findRawStrings(spans, [metrics], PII_STRINGS),
      ...checkExceptionMarkers(spans),
      ...checkErrorsUnchanged(modelErrorMessages),
    ],
  },
  S7: {
    ...base,
    id: 'S7',
    title: 'S7 no app-level root: the framework\'s own sequence / workflow is the turn\'s one root',
    variant: 'no_app_root',
    optional: 'S7',
    expected: (ids) => expectedS7(ids),
    underServerSpan: (ids) => expectedS7Steps(ids),
    check: ({ metrics, http }) => checkInvocationMetrics(metrics, 'S7', http),
  },
  S8: {
    ...base,
    id: 'S8',
    title: 'S8 a supervisor with two sub-agents: each an invoke_agent under the tool that ran it',
    variant: 'supervisor',
    optional: 'S8',
    userMessage: S8.userMessage,
    expected: (ids) => expectedS8(ids),
    check: ({ metrics }) => checkInvocationMetrics(metrics, 'S8'),
  },
  S9: {
    ...base,
    id: 'S9',
    title: 'S9 a handoff: handle_conversation_turn over the two agents, peers',
    variant: 'handoff',
    optional: 'S9',
    userMessage: S9.userMessage,
    expected: (ids) => expectedS9(ids),
    check: ({ metrics }) => checkInvocationMetrics(metrics, 'S9'),
  },
};

/** A user's exception reaches the user unchanged: the core redacts copies, never the error. */
function checkErrorsUnchanged(errors: ScenarioEvidence['modelErrorMessages']): string[] {
  return errors
    .filter(({ error, originalMessage }) => error.message !== originalMessage)
    .map(({ error }) => `the model error's own message was changed to: ${error.message}`);
}

/** The failed chat's exception event shows the redaction markers in place of the data. */
function checkExceptionMarkers(spans: readonly ReadableSpan[]): string[] {
  const messages = spans.flatMap((span) =>
    span.attributes['gen_ai.operation.name'] === 'chat'
      ? span.events
          .filter((event) => event.name === 'exception')
          .map((event) => String(event.attributes?.['exception.message'] ?? ''))
      : [],
  );
  if (messages.length === 0) return ['the failed chat has no exception event'];
  const missing = REDACTION_MARKERS.filter((marker) => !messages.some((message) => message.includes(marker)));
  return missing.length === 0
    ? []
    : [`the chat's exception.message lacks ${missing.join(' ')}: ${messages.join(' | ')}`];
}
