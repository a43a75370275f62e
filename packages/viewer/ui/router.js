// Client-side routing with the History API: `/` is the list of turns, `/turns/<traceId>` a
// turn's page, `/conversations/<id>` a conversation, `/trends` and `/compare`. Same-origin
// links marked `data-link` navigate without reloading the page. A page changes its own query
// (filters, sort, selected span) without being re-rendered; Back re-renders the earlier one.

const TURN_PATH = /^\/turns\/([^/]+)\/?$/;
const CONVERSATION_PATH = /^\/conversations\/([^/]+)\/?$/;

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The route of a pathname: { name: 'list' | 'turn' | 'conversation' | 'trends' | 'compare' | 'not-found', … }. */
export function matchRoute(pathname) {
  if (pathname === '/' || pathname === '/index.html') return { name: 'list' };
  if (pathname === '/trends') return { name: 'trends' };
  if (pathname === '/compare') return { name: 'compare' };
  const turn = TURN_PATH.exec(pathname);
  if (turn) return { name: 'turn', traceId: decoded(turn[1]) };
  const conversation = CONVERSATION_PATH.exec(pathname);
  if (conversation) return { name: 'conversation', conversationId: decoded(conversation[1]) };
  return { name: 'not-found' };
}

/** A turn's page; `search` highlights its hits there. */
export function turnPath(traceId, search = '') {
  return `/turns/${encodeURIComponent(traceId)}${search ? `?${new URLSearchParams({ q: search })}` : ''}`;
}

export function conversationPath(conversationId) {
  return `/conversations/${encodeURIComponent(conversationId)}`;
}

let onChange = () => {};
/** Path and query of what is on screen: a fragment jump (the skip link) renders nothing. */
let rendered = null;
const here = () => `${location.pathname}${location.search}`;

function renderIfMoved() {
  if (here() === rendered) return;
  rendered = here();
  onChange();
}

/** Goes to `url` (path + query) and renders it. */
export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  renderIfMoved();
}

/** Changes the query string of the current page without rendering again (filters, selection). */
export function replaceQuery(params) {
  const search = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}`);
  rendered = here();
}

/** As replaceQuery, as a new history entry: Back returns to the previous query. */
export function pushQuery(params) {
  const search = params.toString();
  const url = `${location.pathname}${search ? `?${search}` : ''}`;
  if (url === here()) return;
  history.pushState(null, '', url);
  rendered = here();
}

function isPlainLeftClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

/** Calls `render()` now and after every navigation to another path or query. */
export function startRouter(render) {
  onChange = render;
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || !isPlainLeftClick(event)) return;
    const link = event.target instanceof Element ? event.target.closest('a[data-link]') : null;
    if (!link?.href || link.origin !== location.origin || link.target) return;
    event.preventDefault();
    navigate(`${link.pathname}${link.search}`);
  });
  window.addEventListener('popstate', renderIfMoved);
  renderIfMoved();
}
