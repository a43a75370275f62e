// Entry point: mounts the page the URL names and unmounts the previous one.
import { h, replaceChildren } from './dom.js';
import { mountListPage } from './list-page.js';
import { matchRoute, startRouter } from './router.js';
import { mountTurnPage } from './turn-page.js';

const main = document.getElementById('main');
let unmount = () => {};

/** Runs on every navigation to another path or query (the router filters the rest). */
function render() {
  const route = matchRoute(location.pathname);
  unmount();
  replaceChildren(main);
  if (route.name === 'list') unmount = mountListPage(main);
  else if (route.name === 'turn') {
    window.scrollTo(0, 0);
    unmount = mountTurnPage(main, route.traceId);
  } else {
    unmount = () => {};
    document.title = 'Not found · agentspan viewer';
    replaceChildren(
      main,
      h('section', { class: 'empty' }, h('h1', null, 'Page not found'), h('a', { href: '/', 'data-link': true }, 'Back to the turns')),
    );
  }
}

startRouter(render);
