// Steps are plumbing: no span by default. onStepError still matters: it is the first
// word that the model call in flight failed (the call's own onError follows).
import { type StepEndEvent, type StepErrorEvent, type StepStartEvent, field } from '../events.js';
import { FRAMEWORK, type RunTracker } from '../run-tracker.js';
import { releaseHeldChat } from '../run-state.js';

export function onStepStart(t: RunTracker, event: StepStartEvent): void {
  const state = t.get(event.callId);
  if (!state || !t.options.verbose || !state.agent) return;
  state.step?.end();
  state.step = t.as.startFramework({
    parent: state.agent.context,
    name: `step ${event.stepNumber}`,
    runType: 'step',
    framework: FRAMEWORK,
  });
}

export function onStepEnd(t: RunTracker, event: StepEndEvent): void {
  const state = t.get(event.callId);
  if (!state?.step) return;
  // The step span is the chat's parent: the chat ends first.
  releaseHeldChat(state);
  state.step.end();
  state.step = undefined;
}

export function onStepError(t: RunTracker, event: StepErrorEvent): void {
  const state = t.get(event.callId);
  if (!state) return;
  const error = field(event, 'error');
  const chat = state.chat;
  if (chat) {
    state.chat = undefined;
    chat.fail(state.attemptError ?? error);
  }
  state.step?.fail(error);
  state.step = undefined;
}
