// Answers a request refused by the cost budget: 429 (or 503: its store failed), retry-after, the JSON body.
import type { ServerResponse } from 'node:http';
import type { BudgetDecision } from '@agentspan/core';

export function sendBudgetRefusal(res: ServerResponse, decision: Extract<BudgetDecision, { allowed: false }>): void {
  if (res.headersSent) return;
  const body = JSON.stringify(decision.body);
  res.statusCode = decision.status;
  for (const [name, value] of Object.entries(decision.headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
