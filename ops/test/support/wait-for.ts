// Polls until a check returns true (a thrown error counts as "not yet"), or fails with the
// last reason after the timeout, or at once when giveUp() names a reason.
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs?: number;
  giveUp?: () => string | undefined;
}

export async function waitFor(what: string, check: () => Promise<boolean>, options: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastReason = 'the check stayed false';
  while (Date.now() < deadline) {
    const fatal = options.giveUp?.();
    if (fatal !== undefined) throw new Error(`gave up waiting for ${what}: ${fatal}`);
    try {
      if (await check()) return;
    } catch (error) {
      lastReason = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}: ${lastReason}`);
}
