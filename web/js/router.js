// Client-side routes on the History API. The server answers every path
// without a file extension with index.html, so every route is a real URL.
import { useState, useEffect } from './lib.js';

const listeners = new Set();

function notify() {
  for (const fn of listeners) fn(location.pathname + location.search);
}

export function navigate(to, { replace = false } = {}) {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
}

window.addEventListener('popstate', notify);

// Same-origin links are followed without a page load.
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (/\.[a-z0-9]+$/i.test(url.pathname)) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

/* The current path and query; re-renders the caller when it changes. */
export function useLocation() {
  const [loc, setLoc] = useState(location.pathname + location.search);
  useEffect(() => {
    listeners.add(setLoc);
    return () => listeners.delete(setLoc);
  }, []);
  return loc;
}

/* Match "/customers/:id" against a path; the parameters, or null. */
export function matchPath(pattern, path) {
  const norm = (x) => x.split('?')[0].replace(/\/+$/, '');
  const p = norm(pattern).split('/');
  const s = norm(path).split('/');
  if (p.length !== s.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      if (!s[i]) return null;
      try { params[p[i].slice(1)] = decodeURIComponent(s[i]); } catch (e) { return null; }
    } else if (p[i] !== s[i]) {
      return null;
    }
  }
  return params;
}

export function queryParam(name) {
  return new URLSearchParams(location.search).get(name);
}
