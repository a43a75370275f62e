// The viewer's JSON API, one function per endpoint. In remote mode the server turns a
// one-time `?token=` into an HttpOnly cookie, which the browser sends with these requests.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function getJson(path, params = {}, signal) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) {
      url.searchParams.set(key, String(value));
    }
  }
  let response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', signal });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, 'the viewer is not reachable (is it still running?)');
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') message = body.error;
      else if (body && typeof body.message === 'string') message = body.message;
    } catch {
      // not JSON: keep the status line
    }
    throw new ApiError(response.status, message);
  }
  return response.json();
}

/** { turns, total }. filter: the API's parameters (q, agent, …, sort, order, limit, offset). */
export function fetchTurns(filter, signal) {
  return getJson('/api/turns', filter, signal);
}

/** { turn, spans } */
export function fetchTurn(traceId, signal) {
  return getJson(`/api/turns/${encodeURIComponent(traceId)}`, {}, signal);
}

/** { byModel, byAgent } for the time range. */
export function fetchTotals(range, signal) {
  return getJson('/api/totals', range, signal);
}

/** { agents, models, conversations, users } */
export function fetchFacets(signal) {
  return getJson('/api/facets', {}, signal);
}

/** { conversationId, turns: [{ turn, userMessage, answer, tools }], totals, truncated } */
export function fetchConversation(conversationId, signal) {
  return getJson(`/api/conversations/${encodeURIComponent(conversationId)}`, {}, signal);
}

/** { fromMs, toMs, bucketMs, buckets, categories, byAgent, byModel } */
export function fetchTrends(params, signal) {
  return getJson('/api/trends', params, signal);
}
