// The web admin UI's shell: sign-in, navigation, and one polling loop for the page shown.
import { api, login, logout, onSignedOut, resume, session } from './api.js';
import { esc, toast } from './format.js';
import { pages } from './pages.js';

const view = document.getElementById('view');
const loginForm = document.getElementById('login');
const nav = document.getElementById('nav');
let current = null;
let timer = 0;
let generation = 0;

function allowed(name) {
  const page = pages[name];
  if (page.feature && !session.features[page.feature]) return false; // not configured
  return session.role === 'admin' || !page.admin;
}

function showLogin(message = '') {
  leave();
  session.role = null;
  nav.hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('who').textContent = '';
  view.replaceChildren(loginForm);
  loginForm.hidden = false;
  document.getElementById('login-error').textContent = message;
  loginForm.password.focus();
}

function leave() {
  clearTimeout(timer);
  generation += 1;
  current?.leave?.();
  current = null;
}

function route() {
  if (!session.role) return showLogin();
  let name = location.hash.replace(/^#\/?/, '') || (session.role === 'admin' ? 'overview' : 'usage');
  if (!pages[name] || !allowed(name)) name = session.role === 'admin' ? 'overview' : 'usage';
  leave();
  nav.querySelectorAll('a').forEach((a) => a.classList.toggle('active', a.dataset.page === name));
  nav.querySelector('a.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' }); // a phone's nav scrolls
  const page = pages[name];
  document.title = `${page.title} · Switchyard`;
  const el = document.createElement('section');
  el.dataset.page = name;
  view.replaceChildren(el);
  current = page;
  page.render(el);
  poll(page, el, generation);
}

// Refreshes the page, then again after its interval; never two at once, never after it is left.
async function poll(page, el, gen) {
  try {
    await page.refresh(el);
    el.dataset.loaded = 'true';
  } catch (e) {
    if (gen === generation && session.role) toast(e.message);
  }
  if (gen === generation && page.every) timer = setTimeout(() => poll(page, el, gen), page.every);
}

// The optional pages (cache, guardrails) appear only when the config has them.
async function signedIn() {
  session.features = {};
  if (session.role === 'admin') {
    try { session.features = (await api('/dashboard/overview')).features || {}; } catch (e) { toast(e.message); }
  }
  nav.innerHTML = Object.entries(pages).filter(([n]) => allowed(n))
    .map(([n, p]) => `<a href="#/${n}" data-page="${n}">${esc(p.title)}</a>`).join('');
  nav.hidden = false;
  document.getElementById('logout').hidden = false;
  document.getElementById('who').textContent = session.role === 'admin' ? 'admin' : `key ${session.alias || session.token.slice(0, 8)}`;
  route();
}

loginForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = loginForm.querySelector('button');
  button.disabled = true;
  try {
    await login(loginForm.username.value, loginForm.password.value);
    loginForm.password.value = '';
    signedIn();
  } catch (err) {
    document.getElementById('login-error').textContent = err.message;
  } finally {
    button.disabled = false;
  }
});

document.getElementById('logout').addEventListener('click', async () => {
  await logout().catch(() => {});
  showLogin('Signed out.');
});

onSignedOut.handler = () => { if (session.role) showLogin('Your session ended; sign in again.'); };
window.addEventListener('hashchange', route);
window.addEventListener('resize', () => nav.querySelector('a.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
window.switchyardApi = api; // for the browser test and the curious: the same calls the pages make

resume().then(signedIn, () => showLogin());
