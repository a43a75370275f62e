// Client-side routing with the History API: `/` is the list of turns, `/turns/<traceId>` a
// turn's page. Same-origin links marked `data-link` navigate without reloading the page.
// A page rewrites its own query in place (filters, selected span) without being re-rendered.

const TURN_PATH = /^\/turns\/([^/]+)\/?$/;

/** { name: 'list' } | { name: 'turn', traceId } | { name: 'not-found' } for a pathname. */
export function matchRoute(pathname) {
  if (pathname === '/' || pathname === '/index.html') return { name: 'list' };
  const turn = TURN_PATH.exec(pathname);
  if (turn) return { name: 'turn', traceId: decodeURIComponent(turn[1]) };
  return { name: 'not-found' };
}

export function turnPath(traceId) {
  return `/turns/${encodeURIComponent(traceId)}`;
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
