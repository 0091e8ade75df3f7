// The cross-case message inbox: messages to the caller, to the caller's unit
// or (provider staff) to the provider, unread first; opening one marks it
// read when the caller is its recipient, and links to the case.
import { html, useEffect, useState } from '../lib.js';
import { t, tWord, tMaybe, fmtDateTime } from '../i18n.js';
import { api, getAll } from '../api.js';
import {
  Page, Section, Loading, Empty, ErrorPage, ErrorMessage, Notice, Badge, useAsync, useApp, useLookup, customerName,
} from '../ui.js';

async function loadInbox() {
  const [items, customers] = await Promise.all([getAll('/messages'), getAll('/customers').catch(() => [])]);
  return { items, customers: new Map(customers.map((c) => [c.id, c])) };
}

/* Unread first, then the newest first (the API lists by id). */
export function inboxOrder(items) {
  return [...items].sort((a, b) => {
    if (!a.read_at !== !b.read_at) return a.read_at ? 1 : -1;
    return b.id - a.id;
  });
}

/* The topic's name: the ones people choose, and those the system writes itself (KV-44, KV-3, KV-80). */
export function topicName(topic) {
  return tMaybe(`pages.topic.${topic}`) ?? tWord('topic', topic);
}

function sender(m, me, users) {
  if (m.from_user_id === null || m.from_user_id === undefined) return t('pages.msg.from_system');
  if (m.from_user_id === me.id) return t('msg.from_you');
  const u = users.get(m.from_user_id);
  return m.from_name || (u ? u.display_name : t('msg.from_user', { id: m.from_user_id }));
}

export function MessageInbox() {
  const { me } = useApp();
  const state = useAsync(loadInbox, []);
  const users = useLookup('users');
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  const items = state.data ? inboxOrder(state.data.items) : [];
  const unread = items.filter((m) => !m.read_at).length;
  return html`
    <${Page} title=${t('pages.msg.title')} lead=${t('pages.msg.lead')}>
      ${!state.data ? html`<${Loading} />` : html`
        <p class="result-count" role="status">${t('pages.msg.count', { n: items.length, unread })}</p>
        ${items.length ? html`
          <div class="table-wrap">
            <table class="table" id="messages">
              <caption class="visually-hidden">${t('pages.msg.title')}</caption>
              <thead><tr>
                <th scope="col">${t('msg.topic')}</th>
                <th scope="col">${t('pages.customer')}</th>
                <th scope="col">${t('pages.msg.from')}</th>
                <th scope="col">${t('pages.msg.sent_at')}</th>
                <th scope="col">${t('pages.msg.status')}</th>
              </tr></thead>
              <tbody>
                ${items.map((m) => {
                  const c = m.customer_id ? state.data.customers.get(m.customer_id) : null;
                  return html`
                    <tr class=${m.read_at ? undefined : 'pages-unread'}>
                      <td><a href=${`/messages/${m.id}`}>${topicName(m.topic)}</a></td>
                      <td class="nowrap">${m.customer_id ? (c ? customerName(c) : t('case.customer_n', { id: m.customer_id })) : '–'}</td>
                      <td>${sender(m, me, users)}</td>
                      <td class="nowrap"><time datetime=${m.sent_at}>${fmtDateTime(m.sent_at)}</time></td>
                      <td>${m.read_at ? html`<${Badge} state="disabled">${t('pages.msg.read')}</${Badge}>`
                        : html`<${Badge} state="submitted">${t('pages.msg.unread')}</${Badge}>`}</td>
                    </tr>`;
                })}
              </tbody>
            </table>
          </div>` : html`<${Empty}>${t('pages.msg.none')}</${Empty}>`}`}
    </${Page}>`;
}

async function loadMessage(id) {
  const m = await api.get(`/messages/${encodeURIComponent(id)}`);
  const customer = m.customer_id ? await api.get(`/customers/${m.customer_id}`).catch(() => null) : null;
  return { m, customer };
}

export function MessagePage({ params }) {
  const { me } = useApp();
  const state = useAsync(() => loadMessage(params.id), [params.id]);
  const users = useLookup('users');
  const [marking, setMarking] = useState(null);
  // Opening a message is reading it: the recipient's copy is marked read.
  useEffect(() => {
    const m = state.data && state.data.m;
    if (!m || m.read_at || m.from_user_id === me.id || marking) return;
    setMarking({ busy: true });
    api.post(`/messages/${m.id}/read`).then(
      (v) => { state.setData((d) => ({ ...d, m: v })); setMarking({ done: true }); },
      (error) => setMarking({ error }),
    );
  }, [state.data]);
  if (state.error) return html`<${ErrorPage} error=${state.error} />`;
  if (!state.data) return html`<${Page} title=${t('pages.msg.one')}><${Loading} /></${Page}>`;
  const { m, customer } = state.data;
  const notRecipient = marking && marking.error && marking.error.status === 409;
  return html`
    <${Page} title=${topicName(m.topic)} back=${{ href: '/messages', label: t('pages.msg.back') }}>
      <${Section} title=${t('pages.msg.one')} id="message">
        <dl class="inline-facts">
          <div><dt>${t('pages.msg.from')}</dt><dd>${sender(m, me, users)}</dd></div>
          <div><dt>${t('pages.msg.sent_at')}</dt><dd><time datetime=${m.sent_at}>${fmtDateTime(m.sent_at)}</time></dd></div>
          <div><dt>${t('pages.msg.status')}</dt><dd id="msg-status">${m.read_at ? t('pages.msg.read_at', { when: fmtDateTime(m.read_at) }) : t('pages.msg.unread')}</dd></div>
        </dl>
        <p class="prewrap pages-message-body">${m.body}</p>
        ${notRecipient ? html`<${Notice}>${t('pages.msg.not_recipient')}</${Notice}>` : html`<${ErrorMessage} error=${marking && marking.error} />`}
        ${(m.intervention_id || m.customer_id) && html`
          <ul class="plain-list">
            ${m.intervention_id && html`<li><a href=${`/interventions/${m.intervention_id}`}>${t('pages.msg.to_intervention', { name: customer ? customerName(customer) : t('case.customer_n', { id: m.customer_id }) })}</a></li>`}
            ${m.customer_id && html`<li><a href=${`/customers/${m.customer_id}`}>${t('pages.msg.to_case', { name: customer ? customerName(customer) : t('case.customer_n', { id: m.customer_id }) })}</a></li>`}
          </ul>`}
      </${Section}>
    </${Page}>`;
}
