// Formatting and small DOM helpers shared by the pages.
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
export function num(n, digits = 0) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Number(n).toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
export function ms(n) { return n === null || n === undefined ? '–' : `${num(n, n < 10 ? 1 : 0)} ms`; }
export function usd(n) {
  if (n === null || n === undefined) return '–';
  return n === 0 ? '$0' : `$${Number(n).toLocaleString(undefined, { maximumFractionDigits: n < 1 ? 6 : 2 })}`;
}
export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? esc(iso) : d.toLocaleString();
}
const healthClass = { healthy: 'ok', ready: 'ok', starting: 'warn', cooling_down: 'warn', stopping: 'warn',
  backoff: 'warn', unknown: '', unhealthy: 'bad', failed: 'bad', stopped: '' };
export function badge(state) {
  const s = String(state ?? 'unknown').toLowerCase();
  return `<span class="badge ${healthClass[s] ?? ''}">${esc(s.replace('_', ' '))}</span>`;
}
export function table(columns, rows, empty = 'Nothing yet.') {
  if (!rows.length) return `<p class="muted">${esc(empty)}</p>`;
  const head = columns.map((c) => `<th class="${c.num ? 'num' : ''} ${c.narrow ? 'hide-narrow' : ''}">${esc(c.title)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td class="${c.num ? 'num' : ''} ${c.narrow ? 'hide-narrow' : ''}">${c.html(r)}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}
export function toast(text) {
  const t = document.getElementById('toast');
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, 3500);
}
