// The application shell: language, session, header with the role's menu,
// and the route table. Every screen is a function of the URL.
import { html, render, useState, useEffect } from './lib.js';
import {
  t, tWord, loadLanguage, preferredLanguage, currentLanguage,
} from './i18n.js';
import { api, setCsrfToken } from './api.js';
import { useLocation, matchPath, navigate } from './router.js';
import {
  AppContext, Loading, NotFound, Forbidden, clearLookups, setServerToday,
} from './ui.js';
import {
  navFor, homeFor, CASE_ROLES, PROVIDER_ROLES, ALL_ROLES,
} from './roles.js';
import { Login } from './views/login.js';
import { CustomerList, CustomerNew } from './views/customers.js';
import { CasePage } from './views/case.js';
import { ProviderCases, OwnProvider } from './views/provider.js';
import { ProviderList, ProviderPage, ProviderNew } from './views/providers.js';
import { InterventionList } from './views/finance.js';
import {
  DpoSearch, DpoPerson, DpoUsers, DpoUser,
} from './views/dpo.js';
import { UserList, UserNew, UnitList } from './views/admin.js';
import { Inbox } from './views/inbox.js';
import { InterventionPage } from './views/intervention.js';
import { DocumentPage } from './views/document.js';
import { DecisionPage } from './views/decision.js';
import { Comparison } from './views/comparison.js';
import { FollowUp } from './views/followup.js';
import { BillingList, BillingRun } from './views/billing.js';
import { IncidentList, IncidentPage } from './views/incidents.js';
import { StaffChanges } from './views/staff.js';
import { Referrals } from './views/referrals.js';
import { MessageInbox, MessagePage } from './views/messages.js';
import { ProposalList } from './views/proposals.js';
import { RotationPage } from './views/rotation.js';
import { ImportPage } from './views/import.js';

const MUNICIPAL = [...CASE_ROLES, 'finance', 'dpo', 'admin'];

/* Path pattern, view, roles that may open it (the API still decides, X-3). */
const ROUTES = [
  ['/jamfor', Comparison, 'public'],
  ['/inbox', Inbox, [...CASE_ROLES, ...PROVIDER_ROLES]],
  ['/customers', CustomerList, [...CASE_ROLES, 'dpo']],
  ['/customers/:id/decide', DecisionPage, ['counsellor', 'supervisor']],
  ['/interventions/:id', InterventionPage, [...CASE_ROLES, ...PROVIDER_ROLES, 'dpo']],
  ['/documents/:id', DocumentPage, [...CASE_ROLES, ...PROVIDER_ROLES, 'dpo']],
  ['/billing', BillingList, ['finance', ...PROVIDER_ROLES]],
  ['/billing/:id', BillingRun, ['finance', ...PROVIDER_ROLES]],
  ['/follow-up', FollowUp, ['supervisor', 'counsellor', 'social_worker', 'finance', 'dpo', 'admin']],
  ['/customers/new', CustomerNew, CASE_ROLES],
  ['/customers/:id', CasePage, [...CASE_ROLES, ...PROVIDER_ROLES, 'dpo']],
  ['/cases', ProviderCases, PROVIDER_ROLES],
  ['/provider', OwnProvider, PROVIDER_ROLES],
  ['/providers', ProviderList, MUNICIPAL],
  ['/providers/new', ProviderNew, ['admin']],
  ['/providers/:id', ProviderPage, MUNICIPAL],
  ['/interventions', InterventionList, [...CASE_ROLES, 'finance', 'dpo']],
  ['/dpo', DpoSearch, ['dpo']],
  ['/dpo/customers/:id', DpoPerson, ['dpo']],
  ['/dpo/users', DpoUsers, ['dpo']],
  ['/dpo/users/:id', DpoUser, ['dpo']],
  ['/admin/users', UserList, ['admin']],
  ['/admin/users/new', UserNew, ['admin']],
  ['/admin/units', UnitList, ['admin']],
  ['/admin/import', ImportPage, ['admin']],
  // Cross-case pages: the roles are those of src/service/authz.c for the route's GET.
  ['/incidents', IncidentList, ['counsellor', 'supervisor', ...PROVIDER_ROLES, 'dpo']],
  ['/incidents/:id', IncidentPage, ['counsellor', 'supervisor', ...PROVIDER_ROLES, 'dpo']],
  ['/staff-changes', StaffChanges, ['counsellor', 'supervisor', ...PROVIDER_ROLES, 'admin']],
  ['/referrals', Referrals, ALL_ROLES],
  ['/messages', MessageInbox, [...CASE_ROLES, ...PROVIDER_ROLES, 'dpo']],
  ['/messages/:id', MessagePage, [...CASE_ROLES, ...PROVIDER_ROLES, 'dpo']],
  ['/proposals', ProposalList, [...CASE_ROLES, ...PROVIDER_ROLES, 'dpo']],
  ['/rotation', RotationPage, ALL_ROLES],
];

function resolve(path) {
  for (const [pattern, view, roles] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return { view, roles, params, pattern };
  }
  return null;
}

function LanguageSwitch({ onChange }) {
  const other = currentLanguage() === 'sv' ? 'en' : 'sv';
  return html`
    <button type="button" class="link-button lang-switch" lang=${other} onClick=${() => onChange(other)}>
      ${t(`lang.switch_to_${other}`)}
    </button>`;
}

function Header({ me, path, onLanguage, onSignOut }) {
  const nav = me ? navFor(me.role) : [];
  // The menu item of the screen: the longest href that the path starts with.
  const current = nav.map((n) => n.href).filter((h) => path === h || path.startsWith(`${h}/`))
    .sort((a, b) => b.length - a.length)[0];
  return html`
    <a class="skip-link" href="#main">${t('app.skip')}</a>
    <header class="masthead">
      <div class="wrap masthead-row">
        <a class="brand" href="/">
          <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false"><path d="M7 24h6v-5h6v-5h6V8" /></svg>
          <span class="brand-name">${t('app.name')}</span>${' '}<span class="brand-tagline">${t('app.tagline')}</span>
        </a>
        <div class="userbar">
          ${me && html`<span class="user-name">${me.display_name} <span class="user-role">${tWord('role', me.role)}</span></span>`}
          <${LanguageSwitch} onChange=${onLanguage} />
          ${me ? html`<button type="button" class="link-button" onClick=${onSignOut}>${t('app.sign_out')}</button>`
            : (path !== '/login' && html`<a href="/login">${t('app.sign_in')}</a>`)}
        </div>
      </div>
      ${nav.length > 0 && html`
        <nav class="mainnav" aria-label=${t('app.menu')}>
          <ul class="wrap">
            ${nav.map((n) => html`<li><a href=${n.href} aria-current=${n.href === current ? 'page' : undefined}>${t(n.key)}</a></li>`)}
          </ul>
        </nav>`}
    </header>`;
}

function App({ initialSession }) {
  const loc = useLocation();
  const path = loc.split('?')[0];
  const [session, setSession] = useState(initialSession);
  const [signedOut, setSignedOut] = useState(false);
  const [, setLang] = useState(currentLanguage());
  const me = session ? session.user : null;

  useEffect(() => {
    const onOut = () => { setCsrfToken(null); clearLookups(); setSession(null); setSignedOut(true); };
    window.addEventListener('stegvis:signed-out', onOut);
    return () => window.removeEventListener('stegvis:signed-out', onOut);
  }, []);

  async function changeLanguage(l) {
    await loadLanguage(l);
    setLang(l);
  }

  function signedIn(s) {
    setCsrfToken(s.csrf_token);
    setServerToday(s.today);
    setSession(s);
    setSignedOut(false);
    const back = new URLSearchParams(location.search).get('next');
    navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : homeFor(s.user.role), { replace: true });
  }

  async function signOut() {
    try { await api.del('/session'); } catch (e) { /* the session may already be gone */ }
    setCsrfToken(null);
    clearLookups();
    setSession(null);
    navigate('/login', { replace: true });
  }

  let content;
  const r = resolve(path);
  if (r && r.roles === 'public') {
    content = html`<${r.view} key=${loc} params=${r.params} />`;
  } else if (!me) {
    if (path !== '/login') {
      const next = path === '/' ? '' : `?next=${encodeURIComponent(loc)}`;
      queueMicrotask(() => navigate(`/login${next}`, { replace: true }));
    }
    content = html`<${Login} onSignedIn=${signedIn} signedOut=${signedOut} />`;
  } else if (path === '/' || path === '/login') {
    queueMicrotask(() => navigate(homeFor(me.role), { replace: true }));
    content = html`<${Loading} />`;
  } else if (!r) {
    content = html`<${NotFound} />`;
  } else if (!r.roles.includes(me.role)) {
    content = html`<${Forbidden} />`;
  } else {
    content = html`<${r.view} key=${loc} params=${r.params} />`;
  }

  return html`
    <${AppContext.Provider} value=${{ session, me }}>
      <${Header} me=${me} path=${path} onLanguage=${changeLanguage} onSignOut=${signOut} />
      <main id="main" tabindex="-1" class="wrap">${content}</main>
      <footer class="site-footer"><div class="wrap footer-row"><span>${t('app.footer')}</span><a href="/jamfor">${t('app.comparison_link')}</a></div></footer>
    </${AppContext.Provider}>`;
}

/*
 * A table wider than the screen scrolls sideways; keyboard users must be able
 * to reach and scroll it (WCAG 2.1.1), so such a wrapper becomes a focusable,
 * named region, and stops being one when it fits again.
 */
function watchScrollableTables(root) {
  const update = () => {
    for (const w of root.querySelectorAll('.table-wrap')) {
      const scrolls = w.scrollWidth > w.clientWidth + 1;
      if (scrolls && !w.hasAttribute('tabindex')) {
        w.setAttribute('tabindex', '0');
        w.setAttribute('role', 'region');
        const caption = w.querySelector('caption');
        w.setAttribute('aria-label', caption ? caption.textContent : document.title);
      } else if (!scrolls && w.hasAttribute('tabindex')) {
        w.removeAttribute('tabindex');
        w.removeAttribute('role');
        w.removeAttribute('aria-label');
      }
    }
  };
  let queued = false;
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; update(); });
  };
  new MutationObserver(schedule).observe(root, { childList: true, subtree: true, characterData: true });
  window.addEventListener('resize', schedule);
}

async function start() {
  const root = document.getElementById('app');
  await loadLanguage(preferredLanguage());
  let session = null;
  try {
    session = await api.get('/session');
    setCsrfToken(session.csrf_token);
    setServerToday(session.today);
  } catch (e) {
    session = null;
  }
  root.textContent = '';
  watchScrollableTables(root);
  render(html`<${App} initialSession=${session} />`, root);
}

start();
