// The admin API, as scripts use it: the session cookie authenticates, writes carry the CSRF token.
export const session = { role: null, csrf: '', token: '', alias: '', features: {} };
export const onSignedOut = { handler: () => {} };

export class ApiError extends Error {
  constructor(status, message, code) { super(message); this.status = status; this.code = code; }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = session.csrf;
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) {
    const e = json && json.error ? json.error : {};
    if (response.status === 401 && !path.endsWith('/api/login')) onSignedOut.handler();
    throw new ApiError(response.status, e.message || `${response.status} ${response.statusText}`, e.code);
  }
  return json;
}

export const uiBase = location.pathname.replace(/\/[^/]*$/, ''); // "/ui"

export async function login(username, password) {
  Object.assign(session, normalize(await api(`${uiBase}/api/login`, { method: 'POST', body: { username, password } })));
}

export async function resume() {
  Object.assign(session, normalize(await api(`${uiBase}/api/session`)));
}

export async function logout() {
  try { await api(`${uiBase}/api/logout`, { method: 'POST' }); } finally { session.role = null; session.csrf = ''; }
}

function normalize(s) {
  return { role: s.role, csrf: s.csrf_token, token: s.token || '', alias: s.key_alias || '' };
}
