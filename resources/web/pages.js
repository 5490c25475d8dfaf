// One object per page: render() builds it, refresh() fills it (polled, at most once a second).
import { api, session } from './api.js';
import { Charts } from './charts.js';
import { badge, esc, ms, num, table, toast, usd, when } from './format.js';

const overview = {
  title: 'Overview', admin: true, every: 1000,
  render(el) {
    this.window = this.window || 300;
    el.innerHTML = `<h1>Overview</h1><div class="stats" id="stats"></div>
      <div class="card"><h2>Backends</h2><div id="backends"></div></div>
      <div class="tabs" role="group" aria-label="Chart window">${[300, 900, 3600].map((w) =>
        `<button data-window="${w}" aria-pressed="${w === this.window}">${w / 60} min</button>`).join('')}</div>
      <div class="charts" id="charts"></div>`;
    el.querySelectorAll('[data-window]').forEach((b) => b.addEventListener('click', () => {
      this.window = Number(b.dataset.window);
      el.querySelectorAll('[data-window]').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
      this.refresh(el);
    }));
    this.charts = new Charts(el.querySelector('#charts'));
    this.charts.build();
  },
  async refresh(el) {
    const [o, t] = await Promise.all([api('/dashboard/overview'), api(`/dashboard/traffic?window=${this.window}`)]);
    const m = o.last_minute;
    el.querySelector('#stats').innerHTML = [
      [o.serving ? 'serving' : 'stopped', 'gateway'], [num(o.requests), 'requests since start'],
      [num(o.in_flight), 'in flight'], [num(m.requests), 'requests, last minute'],
      [num(m.prompt_tokens + m.completion_tokens), 'tokens, last minute'], [num(o.failures), 'failed since start'],
    ].map(([v, l]) => `<div class="stat"><b>${esc(v)}</b><span>${esc(l)}</span></div>`).join('');
    el.querySelector('#backends').innerHTML = table([
      { title: 'Model', html: (d) => `<b>${esc(d.model)}</b><br><span class="muted">${esc(d.backend_model)}</span>` },
      { title: 'Health', html: (d) => badge(d.health) },
      { title: 'Latency', num: true, html: (d) => ms(d.latency_ms) },
      { title: 'TTFT', num: true, html: (d) => ms(d.ttft_ms) },
      { title: 'In flight', num: true, html: (d) => num(d.in_flight) },
      { title: 'Requests', num: true, narrow: true, html: (d) => num(d.requests) },
      { title: 'Errors', num: true, html: (d) => num(d.failures) },
      { title: 'Last error', narrow: true, html: (d) => d.last_error ? `<span class="err">${esc(d.last_error)}</span><br><span class="muted">${when(d.last_error_at)}</span>` : '–' },
    ], o.deployments, 'No backends configured.');
    this.charts.update(t);
  },
  leave() { this.charts?.destroy(); },
};

const usage = {
  title: 'Usage', every: 5000,
  render(el) {
    el.innerHTML = session.role === 'admin'
      ? `<h1>Usage</h1><div class="card"><h2>Per key (all time)</h2><div id="per-key"></div></div>
         <div class="card"><h2>Per model (last 30 days)</h2><div id="per-model"></div></div>`
      : `<h1>Your usage</h1><div class="card" id="mine"></div><div class="card"><h2>Your recent requests</h2><div id="my-requests"></div></div>`;
  },
  async refresh(el) {
    if (session.role !== 'admin') return this.refreshOwn(el);
    const [o, daily] = await Promise.all([api('/dashboard/overview'), api('/dashboard/usage?group_by=model&days=30')]);
    el.querySelector('#per-key').innerHTML = table([
      { title: 'Key', html: (k) => k.token ? `<b>${esc(k.key_alias || k.key_name)}</b>` : '<b>master key / none</b>' },
      { title: 'Requests', num: true, html: (k) => num(k.requests) },
      { title: 'Tokens', num: true, html: (k) => num(k.prompt_tokens + k.completion_tokens) },
      { title: 'Errors', num: true, narrow: true, html: (k) => num(k.errors) },
      { title: 'Spend', num: true, html: (k) => usd(k.spend) },
      { title: 'Budget', num: true, narrow: true, html: (k) => k.max_budget ? `${usd(k.period_spend)} of ${usd(k.max_budget)}` : '–' },
      { title: 'Last used', narrow: true, html: (k) => when(k.last_used_at) },
    ], o.keys, 'No requests yet.');
    const byModel = new Map();
    for (const r of daily.data) {
      const m = byModel.get(r.name) || { name: r.name, requests: 0, tokens: 0, errors: 0, spend: 0 };
      m.requests += r.requests; m.tokens += r.prompt_tokens + r.completion_tokens; m.errors += r.errors; m.spend += r.spend;
      byModel.set(r.name, m);
    }
    el.querySelector('#per-model').innerHTML = table([
      { title: 'Model', html: (m) => `<b>${esc(m.name || '–')}</b>` },
      { title: 'Requests', num: true, html: (m) => num(m.requests) },
      { title: 'Tokens', num: true, html: (m) => num(m.tokens) },
      { title: 'Errors', num: true, html: (m) => num(m.errors) },
      { title: 'Spend', num: true, html: (m) => usd(m.spend) },
    ], [...byModel.values()], 'No requests in the last 30 days.');
  },
  async refreshOwn(el) {
    const [info, logs] = await Promise.all([api(`/key/info?key=${encodeURIComponent(session.token)}`), api('/spend/logs?limit=50')]);
    const k = info.info;
    el.querySelector('#mine').innerHTML = `<h2>${esc(k.key_alias || k.key_name)}</h2><div class="stats">
      <div class="stat"><b>${usd(k.spend)}</b><span>spend this period</span></div>
      <div class="stat"><b>${k.max_budget === null ? '–' : usd(k.max_budget)}</b><span>budget</span></div>
      <div class="stat"><b>${num(logs.length)}</b><span>recent requests</span></div>
      <div class="stat"><b>${esc((k.models || []).join(', ') || 'all')}</b><span>models</span></div></div>`;
    el.querySelector('#my-requests').innerHTML = requestTable(logs);
  },
};

function requestTable(rows) {
  return table([
    { title: 'Time', html: (r) => when(r.startTime) },
    { title: 'Model', html: (r) => esc(r.model_group || r.model) },
    { title: 'Status', html: (r) => badge(r.status === 'success' ? 'healthy' : 'failed').replace(/>[^<]+</, `>${esc(r.status)}<`) },
    { title: 'Tokens', num: true, html: (r) => num(r.total_tokens) },
    { title: 'Spend', num: true, narrow: true, html: (r) => usd(r.spend) },
    { title: 'Key', narrow: true, html: (r) => esc(r.metadata?.user_api_key_alias || (r.api_key ? `${r.api_key.slice(0, 8)}…` : '–')) },
    { title: 'Request', narrow: true, html: (r) => `<code>${esc(r.request_id)}</code>` },
  ], rows, 'No requests match.');
}

const requests = {
  title: 'Requests', admin: true, every: 3000,
  render(el) {
    el.innerHTML = `<h1>Requests</h1><form class="card row" id="filters">
      <label>Key (sk-… or token) <input name="api_key"></label>
      <label>Model <input name="model"></label>
      <label>Status <select name="status"><option value="">any</option><option>success</option><option>failure</option></select></label>
      <label>Request id <input name="request_id"></label>
      <label>From <input name="start_date" type="date"></label>
      <label>To <input name="end_date" type="date"></label>
      <button type="submit">Filter</button></form><div class="card" id="log"></div>`;
    el.querySelector('#filters').addEventListener('submit', (e) => { e.preventDefault(); this.refresh(el); });
  },
  async refresh(el) {
    const f = new FormData(el.querySelector('#filters'));
    const q = new URLSearchParams({ limit: '200', summarize: 'false' });
    for (const k of ['api_key', 'request_id', 'start_date', 'end_date']) if (f.get(k)) q.set(k, f.get(k));
    let rows = await api(`/spend/logs?${q}`);
    const model = String(f.get('model') || '').trim();
    if (model) rows = rows.filter((r) => (r.model_group || r.model || '').includes(model));
    if (f.get('status')) rows = rows.filter((r) => r.status === f.get('status'));
    el.querySelector('#log').innerHTML = requestTable(rows);
  },
};

const keys = {
  title: 'Keys', admin: true, every: 5000,
  render(el) {
    this.editing = false;
    el.innerHTML = `<h1>Keys</h1><form class="card" id="create"><h2>Create a key</h2><div class="row">
      <label>Alias <input name="key_alias" required></label>
      <label>Models (comma-separated, empty: all) <input name="models"></label>
      <label>Max budget (USD) <input name="max_budget" type="number" step="any" min="0"></label>
      <label>RPM limit <input name="rpm_limit" type="number" min="1"></label>
      <label>TPM limit <input name="tpm_limit" type="number" min="1"></label>
      <button type="submit">Create</button></div><div id="new-key"></div></form>
      <div class="card"><div id="keys"></div></div>`;
    el.querySelector('#create').addEventListener('submit', (e) => { e.preventDefault(); this.create(el, e.target); });
    el.querySelector('#keys').addEventListener('click', (e) => this.act(el, e));
  },
  limits(container) { // the create form, or a key's row being edited
    const body = {};
    for (const k of ['max_budget', 'rpm_limit', 'tpm_limit']) {
      const value = container.querySelector(`input[name=${k}]`)?.value;
      if (value) body[k] = Number(value);
    }
    return body;
  },
  async create(el, form) {
    const f = new FormData(form);
    const body = { key_alias: String(f.get('key_alias')).trim(), ...this.limits(form) };
    const models = String(f.get('models') || '').split(',').map((s) => s.trim()).filter(Boolean);
    if (models.length) body.models = models;
    try {
      const r = await api('/key/generate', { method: 'POST', body });
      el.querySelector('#new-key').innerHTML = `<div class="secret"><span>New key, shown once:</span><code id="new-key-value">${esc(r.key)}</code>
        <button type="button" class="ghost" id="copy">Copy</button></div>`;
      el.querySelector('#copy').addEventListener('click', async () => {
        try { await navigator.clipboard.writeText(r.key); toast('Copied.'); } catch { toast('Select the key and copy it.'); }
      });
      form.reset();
      this.refresh(el);
    } catch (e) { toast(e.message); }
  },
  async act(el, e) {
    const b = e.target.closest('button[data-act]');
    if (!b) return;
    const key = b.dataset.key;
    const act = b.dataset.act;
    try {
      if (act === 'delete') {
        if (!confirm(`Delete key ${b.dataset.name}? Clients using it are refused from now on.`)) return;
        await api('/key/delete', { method: 'POST', body: { keys: [key] } });
      } else if (act === 'block' || act === 'unblock') {
        await api(`/key/${act}`, { method: 'POST', body: { key } });
      } else if (act === 'edit') {
        return this.edit(el, b);
      } else if (act === 'save') {
        await api('/key/update', { method: 'POST', body: { key, ...this.limits(b.closest('tr')) } });
        this.editing = false;
      }
      toast(`Key ${b.dataset.name}: ${act} done.`);
      this.refresh(el);
    } catch (err) { toast(err.message); }
  },
  edit(el, b) {
    const row = b.closest('tr');
    const k = this.byToken.get(b.dataset.key);
    row.querySelector('.limits').innerHTML = ['max_budget', 'rpm_limit', 'tpm_limit'].map((n) =>
      `<input name="${n}" type="number" step="any" min="0" placeholder="${n.replace('_', ' ')}" value="${k[n] ?? ''}" aria-label="${n}" style="width:7em">`).join(' ');
    b.dataset.act = 'save';
    b.textContent = 'Save';
    this.editing = true;
    row.querySelector('input')?.focus();
  },
  async refresh(el) {
    if (this.editing) return; // not under the user's fingers
    const r = await api('/key/list?return_full_object=true&size=100');
    this.byToken = new Map(r.keys.map((k) => [k.token, k]));
    el.querySelector('#keys').innerHTML = table([
      { title: 'Key', html: (k) => `<b>${esc(k.key_alias || '–')}</b><br><code class="muted">${esc(k.key_name)}</code>` },
      { title: 'Models', narrow: true, html: (k) => esc((k.models || []).join(', ') || 'all') },
      { title: 'Spend', num: true, html: (k) => usd(k.spend) },
      { title: 'Limits', html: (k) => `<span class="limits">budget ${k.max_budget === null ? '–' : usd(k.max_budget)} · rpm ${k.rpm_limit ?? '–'} · tpm ${k.tpm_limit ?? '–'}</span>` },
      { title: 'State', html: (k) => badge(k.blocked ? 'failed' : 'ready').replace(/>[^<]+</, `>${k.blocked ? 'blocked' : 'active'}<`) },
      { title: '', html: (k) => `<div class="actions" data-name="${esc(k.key_alias || k.key_name)}">${[['edit', 'Edit limits'],
        [k.blocked ? 'unblock' : 'block', k.blocked ? 'Unblock' : 'Block'], ['delete', 'Delete']].map(([a, t]) =>
        `<button type="button" class="${a === 'delete' ? 'danger' : 'ghost'}" data-act="${a}" data-key="${esc(k.token)}" data-name="${esc(k.key_alias || k.key_name)}">${t}</button>`).join('')}</div>` },
    ], r.keys, 'No virtual keys yet.');
  },
};

const servers = {
  title: 'Servers', admin: true, every: 2000,
  render(el) {
    el.innerHTML = '<h1>Managed servers</h1><div class="card" id="servers"></div><div class="card"><h2 id="log-title">Log</h2><pre class="log" id="log">Choose a server’s log.</pre></div>';
    el.querySelector('#servers').addEventListener('click', async (e) => {
      const b = e.target.closest('button[data-act]');
      if (!b) return;
      if (b.dataset.act === 'log') { this.logOf = b.dataset.name; return this.refresh(el); }
      try {
        await api(`/servers/${encodeURIComponent(b.dataset.name)}/${b.dataset.act}`, { method: 'POST' });
        toast(`${b.dataset.name}: ${b.dataset.act} requested.`);
        this.refresh(el);
      } catch (err) { toast(err.message); }
    });
  },
  async refresh(el) {
    const r = await api('/servers');
    el.querySelector('#servers').innerHTML = table([
      { title: 'Server', html: (s) => `<b>${esc(s.name)}</b><br><span class="muted">${esc(s.kind)} · ${esc(s.api_base)}</span>` },
      { title: 'State', html: (s) => `<span data-state="${esc(s.state)}">${badge(s.state)}</span>` },
      { title: 'Models', narrow: true, html: (s) => esc(s.models.join(', ')) },
      { title: 'Since', narrow: true, html: (s) => when(s.since) },
      { title: 'Last error', narrow: true, html: (s) => s.last_error ? `<span class="err">${esc(s.last_error)}</span>` : '–' },
      { title: '', html: (s) => `<div class="actions">${['start', 'stop', 'restart', 'log'].map((a) =>
        `<button type="button" class="ghost" data-act="${a}" data-name="${esc(s.name)}">${a[0].toUpperCase() + a.slice(1)}</button>`).join('')}</div>` },
    ], r.data, 'No managed servers in the config (servers:).');
    if (!this.logOf && r.data.length) this.logOf = r.data[0].name;
    if (this.logOf) {
      const log = await api(`/servers/${encodeURIComponent(this.logOf)}/log?lines=200`);
      el.querySelector('#log-title').textContent = `Log of ${this.logOf}`;
      const pre = el.querySelector('#log');
      const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
      pre.textContent = log.text || '(empty)';
      if (atEnd) pre.scrollTop = pre.scrollHeight;
    }
  },
};

const config = {
  title: 'Config', admin: true, every: 0,
  render(el) {
    el.innerHTML = `<h1>Config</h1><div class="card"><div class="row"><p class="muted" id="file" style="flex:1"></p>
      <button type="button" id="reload">Reload from file</button></div><pre class="log" id="yaml"></pre></div>`;
    el.querySelector('#reload').addEventListener('click', async () => {
      try { await api('/config/reload', { method: 'POST' }); toast('Reload requested; the log says whether it was applied.'); setTimeout(() => this.refresh(el), 1000); } catch (e) { toast(e.message); }
    });
  },
  async refresh(el) {
    const c = await api('/config');
    el.querySelector('#file').textContent = `${c.file || '(built in)'} · ${c.deployments} deployments · secrets masked`;
    el.querySelector('#yaml').textContent = c.yaml;
  },
};

function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i += 1; }
  return `${num(n, i ? 1 : 0)} ${units[i]}`;
}

function stats(items) {
  return items.map(([v, l, id]) => `<div class="stat"${id ? ` data-stat="${id}"` : ''}><b>${esc(v)}</b><span>${esc(l)}</span></div>`).join('');
}

// Shown only when the config has a response cache (the overview's features say so).
const cache = {
  title: 'Cache', admin: true, feature: 'cache', every: 2000,
  render(el) {
    el.innerHTML = `<h1>Response cache</h1><div class="stats" id="cache-stats"></div>
      <div class="card"><div class="row"><p class="muted" id="cache-settings" style="flex:1"></p>
      <button type="button" class="danger" id="flush">Flush the cache</button></div></div>`;
    el.querySelector('#flush').addEventListener('click', async () => {
      if (!confirm('Remove every cached answer? Requests go to the backends until answers are cached again.')) return;
      try {
        const r = await api('/cache/flushall', { method: 'POST' });
        toast(`Cache flushed${r.detail ? `: ${r.detail}` : '.'}`);
        this.refresh(el);
      } catch (e) { toast(e.message); }
    });
  },
  async refresh(el) {
    const c = await api('/dashboard/cache');
    const rate = c.hit_rate === null ? '–' : `${num(c.hit_rate * 100, 1)} %`;
    const items = [[rate, 'hit rate', 'hit-rate'], [num(c.hits), 'hits', 'hits'], [num(c.misses), 'misses', 'misses'],
      [num(c.cached_tokens), 'cached tokens served', 'cached-tokens'], [bytes(c.served_bytes), 'sent from the cache', 'served-bytes']];
    if (c.type === 'local') items.push([num(c.entries), 'answers held', 'entries'], [bytes(c.bytes), `memory, of ${bytes(c.max_bytes)}`, 'bytes']);
    if (c.type === 'redis') items.push([c.redis_reachable ? 'reachable' : 'unreachable', 'Redis', 'redis']);
    el.querySelector('#cache-stats').innerHTML = stats(items);
    el.querySelector('#cache-settings').innerHTML = c.configured
      ? `${esc(c.type === 'local' ? 'In memory (local)' : 'Redis')} · answers kept ${num(c.ttl)} s · mode <code>${esc(c.mode)}</code>${c.namespace ? ` · namespace <code>${esc(c.namespace)}</code>` : ''}`
      : 'Response caching is off (litellm_settings.cache).';
    el.querySelector('#flush').disabled = !c.configured;
  },
};

// Shown only when the config lists guardrails.
const guardrails = {
  title: 'Guardrails', admin: true, feature: 'guardrails', every: 3000,
  render(el) {
    el.innerHTML = `<h1>Guardrails</h1><div class="stats" id="guardrail-stats"></div>
      <div class="card"><h2>Decisions since start</h2><div id="guardrails"></div></div>`;
  },
  async refresh(el) {
    const g = await api('/dashboard/guardrails');
    const sum = (k) => g.data.reduce((n, r) => n + r[k], 0);
    el.querySelector('#guardrail-stats').innerHTML = stats([[num(g.allowed), 'requests allowed', 'allowed'],
      [num(sum('blocked')), 'blocked', 'blocked'], [num(sum('redacted')), 'redacted', 'redacted'],
      [num(sum('failed_open') + sum('unavailable')), 'scanner failures', 'failures']]);
    el.querySelector('#guardrails').innerHTML = table([
      { title: 'Guardrail', html: (r) => `<b>${esc(r.name)}</b><br><span class="muted">${esc(r.type)}</span>` },
      { title: 'Runs', narrow: true, html: (r) => esc(r.modes.join(', ')) },
      { title: 'Default', narrow: true, html: (r) => r.default_on ? 'on' : 'per request' },
      { title: 'Action', html: (r) => esc(r.action) },
      { title: 'Blocked', num: true, html: (r) => `<span data-count="blocked">${num(r.blocked)}</span>` },
      { title: 'Redacted', num: true, html: (r) => `<span data-count="redacted">${num(r.redacted)}</span>` },
      { title: 'Failed open', num: true, narrow: true, html: (r) => num(r.failed_open) },
      { title: 'Unavailable', num: true, narrow: true, html: (r) => num(r.unavailable) },
    ], g.data, 'No guardrails in the config (guardrails:).');
  },
};

export const pages = { overview, usage, requests, keys, cache, guardrails, servers, config };
