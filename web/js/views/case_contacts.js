// Weekly customer contacts (KV-30) and deviations from the plan (KV-34) of
// one intervention: the provider's staff record them, the counsellor (and
// everyone who may read the case) sees them with the gaps longer than the
// pack's interval.
import { html, useState } from '../lib.js';
import { t, tWord, fmtDate, fmtDateTime } from '../i18n.js';
import { api, getAll } from '../api.js';
import {
  Section, Loading, Empty, ErrorMessage, Dl, Badge, Button, TextField, TextArea, SelectField,
  ErrorSummary, useAsync, announce, required, today,
} from '../ui.js';
import { isProvider } from '../roles.js';
import { useSubmit, ISO_DATE } from './case_common.js';

const CHANNELS = ['in_person', 'phone', 'video', 'message', 'other'];

/* Who recorded a row (a table cell, so capitalised): the caller, or the user's display name from the row (the number only when no name came). */
export function recorder(id, me, name) {
  const who = id === me.id ? t('case.you_subject') : (name || t('case.user_n', { id }));
  return who.charAt(0).toLocaleUpperCase() + who.slice(1);
}

/* After an action a form is drawn afresh (empty, closed): its key counts the rounds. */
export function ContactSections({ c, me }) {
  if (c.state !== 'running' && c.state !== 'ended') return null;
  return html`
    <${Contacts} c=${c} me=${me} />
    <${Deviations} c=${c} me=${me} />`;
}

function Contacts({ c, me }) {
  const data = useAsync(() => api.get(`/interventions/${c.id}/contacts`), [c.id, c.updated_at]);
  const [round, setRound] = useState(0);
  const canWrite = isProvider(me.role) && c.state === 'running';
  let body;
  if (data.error) body = html`<${ErrorMessage} error=${data.error} />`;
  else if (!data.data) body = html`<${Loading} />`;
  else {
    const k = data.data;
    const rows = [...k.items].sort((a, b) => (a.contact_on < b.contact_on ? 1 : -1));
    body = html`
      <${Dl} items=${[
        [t('casework.contacts.interval'), k.interval_days ? t('casework.contacts.interval_value', { days: k.interval_days, rule: k.rule }) : t('common.none')],
        [t('casework.contacts.next_due'), k.next_due ? html`${fmtDate(k.next_due)}${k.overdue ? html` <${Badge} state="overdue">${t('casework.contacts.overdue')}</${Badge}>` : ''}` : '–'],
      ]} />
      ${k.gaps.length > 0 && html`
        <h3>${t('casework.contacts.gaps')}</h3>
        <ul class="plain-list" id="contact-gaps">
          ${k.gaps.map((g) => html`<li>${t('casework.contacts.gap', { from: fmtDate(g.from), to: fmtDate(g.to) })}</li>`)}
        </ul>`}
      <h3>${t('casework.contacts.list')}</h3>
      ${rows.length ? html`
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">${t('casework.contacts.title')}</caption>
            <thead><tr>
              <th scope="col">${t('casework.contacts.contact_on')}</th>
              <th scope="col">${t('casework.contacts.channel')}</th>
              <th scope="col">${t('casework.contacts.note')}</th>
              <th scope="col">${t('casework.recorded_by')}</th>
            </tr></thead>
            <tbody>
              ${rows.map((x) => html`
                <tr>
                  <td class="nowrap">${fmtDate(x.contact_on)}</td>
                  <td>${tWord('casework.channel', x.channel)}</td>
                  <td class="prewrap">${x.note || '–'}</td>
                  <td>${recorder(x.recorded_by, me, x.recorded_by_name)}</td>
                </tr>`)}
            </tbody>
          </table>
        </div>` : html`<${Empty}>${t('casework.contacts.none')}</${Empty}>`}
      ${canWrite && html`<${ContactForm} key=${round} c=${c} onDone=${() => { setRound(round + 1); data.reload(); }} />`}`;
  }
  return html`<${Section} title=${t('casework.contacts.title')} id="contacts">${body}</${Section}>`;
}

function ContactForm({ c, onDone }) {
  const [f, setF] = useState({ contact_on: today(), channel: 'in_person', note: '' });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!ISO_DATE.test(f.contact_on)) errs['co-contact_on'] = required(t('casework.contacts.contact_on'), 'form.date_required');
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/contacts`, {
      contact_on: f.contact_on, channel: f.channel, note: f.note.trim() || null,
    }), 'co-', ['contact_on', 'channel', 'note']);
    if (ok) { announce(t('casework.contacts.recorded')); onDone(); }
  }
  return html`
    <details class="disclosure" id="contact-form">
      <summary>${t('casework.contacts.record')}</summary>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${TextField} id="co-contact_on" label=${t('casework.contacts.contact_on')} hint=${t('form.date_hint')} value=${f.contact_on}
          onValue=${set('contact_on')} error=${s.errors['co-contact_on']} width="m" maxlength="10" autocomplete="off" />
        <${SelectField} id="co-channel" label=${t('casework.contacts.channel')} value=${f.channel} onValue=${set('channel')}
          error=${s.errors['co-channel']} options=${CHANNELS.map((x) => ({ value: x, label: tWord('casework.channel', x) }))} />
        <${TextArea} id="co-note" label=${t('casework.contacts.note')} optional value=${f.note} onValue=${set('note')}
          error=${s.errors['co-note']} rows="2" />
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('casework.contacts.submit')}</${Button}></div>
      </form>
    </details>`;
}

function Deviations({ c, me }) {
  const data = useAsync(() => getAll(`/interventions/${c.id}/deviations`), [c.id, c.updated_at]);
  const [round, setRound] = useState(0);
  const canWrite = isProvider(me.role) && c.state === 'running';
  let body;
  if (data.error) body = html`<${ErrorMessage} error=${data.error} />`;
  else if (!data.data) body = html`<${Loading} />`;
  else {
    const rows = [...data.data].sort((a, b) => (a.occurred_on < b.occurred_on ? 1 : -1));
    body = html`
      <p class="hint">${t('casework.deviations.lead')}</p>
      ${rows.length ? html`
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">${t('casework.deviations.title')}</caption>
            <thead><tr>
              <th scope="col">${t('casework.deviations.occurred_on')}</th>
              <th scope="col">${t('casework.deviations.description')}</th>
              <th scope="col">${t('casework.deviations.affects')}</th>
              <th scope="col">${t('casework.recorded_by')}</th>
            </tr></thead>
            <tbody>
              ${rows.map((x) => html`
                <tr>
                  <td class="nowrap">${fmtDate(x.occurred_on)}</td>
                  <td class="prewrap">${x.description}</td>
                  <td>${x.affects_assistance ? html`<${Badge} state="due">${t('common.yes')}</${Badge}>` : t('common.no')}</td>
                  <td>${recorder(x.recorded_by, me, x.recorded_by_name)} <span class="small muted">${fmtDateTime(x.recorded_at)}</span></td>
                </tr>`)}
            </tbody>
          </table>
        </div>` : html`<${Empty}>${t('casework.deviations.none')}</${Empty}>`}
      ${canWrite && html`<${DeviationForm} key=${round} c=${c} onDone=${() => { setRound(round + 1); data.reload(); }} />`}`;
  }
  return html`<${Section} title=${t('casework.deviations.title')} id="deviations">${body}</${Section}>`;
}

function DeviationForm({ c, onDone }) {
  const [f, setF] = useState({ occurred_on: today(), description: '', affects_assistance: false });
  const s = useSubmit();
  const set = (k) => (v) => setF({ ...f, [k]: v });
  async function submit(e) {
    e.preventDefault();
    const errs = {};
    if (!ISO_DATE.test(f.occurred_on)) errs['dv-occurred_on'] = required(t('casework.deviations.occurred_on'), 'form.date_required');
    if (!f.description.trim()) errs['dv-description'] = required(t('casework.deviations.description'));
    s.setErrors(errs);
    if (Object.keys(errs).length) return;
    const ok = await s.run(() => api.post(`/interventions/${c.id}/deviations`, {
      occurred_on: f.occurred_on, description: f.description.trim(), affects_assistance: f.affects_assistance,
    }), 'dv-', ['occurred_on', 'description', 'affects_assistance']);
    if (ok) { announce(t('casework.deviations.recorded')); onDone(); }
  }
  return html`
    <details class="disclosure" id="deviation-form">
      <summary>${t('casework.deviations.record')}</summary>
      <${ErrorSummary} errors=${s.errors} />
      <${ErrorMessage} error=${s.failure} />
      <form class="form" novalidate onSubmit=${submit}>
        <${TextField} id="dv-occurred_on" label=${t('casework.deviations.occurred_on')} hint=${t('form.date_hint')} value=${f.occurred_on}
          onValue=${set('occurred_on')} error=${s.errors['dv-occurred_on']} width="m" maxlength="10" autocomplete="off" />
        <${TextArea} id="dv-description" label=${t('casework.deviations.description')} value=${f.description} onValue=${set('description')}
          error=${s.errors['dv-description']} rows="3" />
        <div class="checkbox">
          <input type="checkbox" id="dv-affects_assistance" checked=${f.affects_assistance}
            onChange=${(e) => set('affects_assistance')(e.currentTarget.checked)} aria-describedby="dv-affects-hint" />
          <label for="dv-affects_assistance">${t('casework.deviations.affects_label')}</label>
        </div>
        <p class="hint" id="dv-affects-hint">${t('casework.deviations.affects_hint')}</p>
        <div class="button-row"><${Button} type="submit" busy=${s.busy} busyLabel=${t('common.saving')}>${t('casework.deviations.submit')}</${Button}></div>
      </form>
    </details>`;
}
