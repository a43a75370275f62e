// A log that says each kind of diagnostic once, within two bounds: the kinds it remembers
// (the oldest is forgotten to make room, so a new kind is always said: nothing is dropped
// silently) and the lines per minute (past the limit, one line says so, a held-back kind
// is said at its next occurrence after the minute, and the first line then tells how many
// were held back). Never throws.
const WINDOW_MS = 60_000;

export type DiagnosticSink = (message: string, detail: string | undefined) => void;

export class DiagnosticLog {
  // Insertion order is age: the first key is the oldest.
  private readonly said = new Map<string, true>();
  private windowStart = 0;
  private lines = 0;
  private heldBack = 0;

  constructor(
    private readonly sink: DiagnosticSink,
    private readonly maxKinds = 256,
    private readonly maxLinesPerWindow = 64,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Number of kinds remembered (bounded by maxKinds). */
  get size(): number {
    return this.said.size;
  }

  /** Says `message` unless `kind` was said before (and not forgotten since). */
  once(kind: string, message: string, detail: string | undefined): void {
    try {
      if (this.said.has(kind) || !this.say(message, detail)) return;
      if (this.said.size >= this.maxKinds) {
        const oldest = this.said.keys().next();
        if (!oldest.done) this.said.delete(oldest.value);
      }
      this.said.set(kind, true);
    } catch {
      // a logger that throws: nothing more we can do, and the app must go on
    }
  }

  /** Whether the line was said (false: held back, the kind may be said later). */
  private say(message: string, detail: string | undefined): boolean {
    const at = this.clock();
    if (at - this.windowStart >= WINDOW_MS) {
      const held = this.heldBack;
      this.windowStart = at;
      this.lines = 0;
      this.heldBack = 0;
      if (held > 0) this.sink(`agentspan: ${held} more diagnostics were held back in the last minute`, undefined);
    }
    if (this.lines >= this.maxLinesPerWindow) {
      if (this.heldBack++ === 0) {
        this.sink('agentspan: too many diagnostics; holding the rest back for up to a minute (counted)', undefined);
      }
      return false;
    }
    this.lines++;
    this.sink(message, detail);
    return true;
  }
}
