// What E1 asks of an adapter beyond ConformanceAdapter. Direct transport: nothing — the suite
// catches the turn's ids with `captureTurn` and rates it through the core. HTTP transport: the
// turn's response hands its ids out (`traceresponse`) and the app serves a feedback route.
import type { ConformanceAdapter, TurnRequest } from '../adapter.js';

/** The body a web page posts to the feedback route. */
export interface FeedbackBody {
  turn: string;
  rating: 'up' | 'down';
  comment: string;
}

export interface EvaluationAdapter extends ConformanceAdapter {
  /** HTTP transport: runs the turn as runTurn does and resolves to its response's `traceresponse` header. */
  runRatedTurn?(turn: TurnRequest): Promise<string>;
  /** HTTP transport: posts the feedback to the app's feedback route (with `headers`); resolves to the status. */
  sendFeedback?(body: FeedbackBody, headers: Record<string, string>): Promise<number>;
}
