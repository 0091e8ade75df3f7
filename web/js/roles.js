// What each role sees first and in its menu. The API decides what a role may
// do (X-3, src/service/authz.c); this only avoids showing doors that are shut.

export const CASE_ROLES = ['counsellor', 'social_worker', 'supervisor'];
export const PROVIDER_ROLES = ['provider_staff', 'provider_admin'];
export const ALL_ROLES = [...CASE_ROLES, ...PROVIDER_ROLES, 'finance', 'dpo', 'admin'];

const NAV = {
  counsellor: [['/inbox', 'nav.inbox'], ['/customers', 'nav.customers'], ['/messages', 'pages.nav.messages'], ['/proposals', 'pages.nav.proposals'],
    ['/incidents', 'pages.nav.incidents'], ['/staff-changes', 'pages.nav.staff_changes'], ['/rotation', 'pages.nav.rotation'], ['/providers', 'nav.providers']],
  social_worker: [['/inbox', 'nav.inbox'], ['/customers', 'nav.customers'], ['/messages', 'pages.nav.messages'], ['/providers', 'nav.providers']],
  supervisor: [['/inbox', 'nav.inbox'], ['/customers', 'nav.customers'], ['/messages', 'pages.nav.messages'], ['/proposals', 'pages.nav.proposals'],
    ['/incidents', 'pages.nav.incidents'], ['/staff-changes', 'pages.nav.staff_changes'], ['/follow-up', 'nav.follow_up'], ['/rotation', 'pages.nav.rotation'], ['/providers', 'nav.providers']],
  provider_staff: [['/inbox', 'nav.inbox'], ['/cases', 'nav.cases'], ['/messages', 'pages.nav.messages'], ['/proposals', 'pages.nav.proposals_own'],
    ['/incidents', 'pages.nav.incidents'], ['/staff-changes', 'pages.nav.staff_changes'], ['/referrals', 'pages.nav.referrals'], ['/billing', 'nav.billing'], ['/provider', 'nav.own_provider']],
  provider_admin: [['/inbox', 'nav.inbox'], ['/cases', 'nav.cases'], ['/messages', 'pages.nav.messages'], ['/proposals', 'pages.nav.proposals_own'],
    ['/incidents', 'pages.nav.incidents'], ['/staff-changes', 'pages.nav.staff_changes'], ['/referrals', 'pages.nav.referrals'], ['/billing', 'nav.billing'], ['/provider', 'nav.own_provider']],
  finance: [['/billing', 'nav.billing'], ['/interventions', 'nav.interventions'], ['/providers', 'nav.providers']],
  dpo: [['/dpo', 'nav.dpo_people'], ['/dpo/users', 'nav.dpo_users'], ['/incidents', 'pages.nav.incidents']],
  admin: [['/admin/users', 'nav.users'], ['/providers', 'nav.providers'], ['/admin/units', 'nav.units'], ['/staff-changes', 'pages.nav.staff_changes'],
    ['/rotation', 'pages.nav.rotation'], ['/follow-up', 'nav.follow_up'], ['/admin/import', 'import.nav']],
};

export function navFor(role) {
  return (NAV[role] || []).map(([href, key]) => ({ href, key }));
}

export function homeFor(role) {
  const nav = NAV[role];
  return nav && nav.length ? nav[0][0] : '/';
}

export const isProvider = (role) => PROVIDER_ROLES.includes(role);
export const isCaseRole = (role) => CASE_ROLES.includes(role);
