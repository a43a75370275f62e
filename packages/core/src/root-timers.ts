// Timers the core keeps across turns (the stream watchdog, the run registries' sweepers,
// a chat's idle timer) are created in the root context: a timer keeps the context active
// at its creation for as long as it lives, and one made inside a turn would keep that
// turn's spans reachable long after the turn ended. Unref'd: they never hold the process.
import { ROOT_CONTEXT, context as otelContext } from '@opentelemetry/api';

type Timer = ReturnType<typeof setTimeout>;

function unref(timer: Timer): Timer {
  timer.unref?.();
  return timer;
}

export function setRootInterval(fn: () => void, ms: number): Timer {
  return unref(otelContext.with(ROOT_CONTEXT, setInterval, undefined, fn, ms));
}

export function setRootTimeout(fn: () => void, ms: number): Timer {
  return unref(otelContext.with(ROOT_CONTEXT, setTimeout, undefined, fn, ms));
}
