// Entry point: mounts the page the URL names and unmounts the previous one.
import { mountComparePage } from './compare-page.js';
import { mountConversationPage } from './conversation-page.js';
import { h, replaceChildren } from './dom.js';
import { mountListPage } from './list-page.js';
import { matchRoute, startRouter } from './router.js';
import { mountTrendsPage } from './trends-page.js';
import { mountTurnPage } from './turn-page.js';

const main = document.getElementById('main');
let unmount = () => {};

/** Marks the header's link of the current section. */
function markNavigation(routeName) {
  const section = routeName === 'trends' ? 'trends' : routeName === 'compare' ? 'compare' : 'turns';
  for (const link of document.querySelectorAll('.site-nav a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

/** Runs on every navigation to another path or query (the router filters the rest). */
function render() {
  const route = matchRoute(location.pathname);
  unmount();
  replaceChildren(main);
  markNavigation(route.name);
  if (route.name !== 'list') window.scrollTo(0, 0);
  if (route.name === 'list') unmount = mountListPage(main);
  else if (route.name === 'turn') unmount = mountTurnPage(main, route.traceId);
  else if (route.name === 'conversation') unmount = mountConversationPage(main, route.conversationId);
  else if (route.name === 'trends') unmount = mountTrendsPage(main);
  else if (route.name === 'compare') unmount = mountComparePage(main);
  else {
    unmount = () => {};
    document.title = 'Not found · agentspan viewer';
    replaceChildren(
      main,
      h('section', { class: 'empty' }, h('h1', null, 'Page not found'), h('a', { href: '/', 'data-link': true }, 'Back to the turns')),
    );
  }
}

startRouter(render);
