// The JSON API client: same-origin fetch with the session cookie, the CSRF
// token on unsafe methods, and every error turned into an ApiError carrying
// the server's status, code, rule and field errors.

const BASE = '/api/v1';
let csrfToken = null;

export function setCsrfToken(token) { csrfToken = token || null; }

export class ApiError extends Error {
  constructor(status, body, retryAfter) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : 'http');
    this.rule = e.rule || null;
    this.requestId = e.request_id || null;
    this.fields = Array.isArray(e.fields) ? e.fields : [];
    this.retryAfter = retryAfter;
  }

  /* The field errors keyed by the member name ("$.person_id" -> "person_id"). */
  fieldErrors() {
    const out = {};
    for (const f of this.fields) {
      const name = String(f.field || '').replace(/^\$\.?/, '');
      if (!(name in out)) out[name] = f;
    }
    return out;
  }
}

function queryString(query) {
  if (!query) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/*
 * One request. Resolves to the decoded JSON body (null for 204), or to the
 * Response itself with {raw: true}. Rejects with ApiError. A 401 on any call
 * but the session's own tells the app the session has ended.
 */
export async function request(method, path, { body, query, raw } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let res;
  try {
    res = await fetch(BASE + path + queryString(query), init);
  } catch (e) {
    throw new ApiError(0, null, null);
  }
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    const err = new ApiError(res.status, data, res.headers.get('Retry-After'));
    if (res.status === 401 && path !== '/session') {
      window.dispatchEvent(new CustomEvent('stegvis:signed-out'));
    }
    throw err;
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body) => request('POST', path, body === undefined ? {} : { body }),
  put: (path, body) => request('PUT', path, { body }),
  patch: (path, body) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
};

/* Every item of a paginated list (follows "next"), at most max items. */
export async function getAll(path, query = {}, max = 5000) {
  const items = [];
  let after = null;
  for (;;) {
    const page = await api.get(path, { ...query, limit: 1000, after });
    items.push(...page.items);
    if (page.next === null || page.next === undefined || items.length >= max) break;
    after = page.next;
  }
  return items;
}
