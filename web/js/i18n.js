// Message catalogues and Swedish-first formatting of dates, times, numbers
// and amounts. Every text the interface shows comes from web/i18n/<lang>.json
// through t(); a missing key is reported on the console (the browser tests
// fail on console errors) and shown as the key itself.

export const LANGUAGES = ['sv', 'en'];
const LOCALES = { sv: 'sv-SE', en: 'en-GB' };
const STORAGE_KEY = 'stegvis.lang';
const TIME_ZONE = 'Europe/Stockholm'; // CAL-1; Copenhagen has the same offsets

let lang = 'sv';
let messages = {};

export function preferredLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
  } catch (e) { /* storage may be disabled */ }
  return 'sv';
}

export async function loadLanguage(l) {
  if (!LANGUAGES.includes(l)) l = 'sv';
  const res = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`message catalogue ${l}: HTTP ${res.status}`);
  messages = await res.json();
  lang = l;
  document.documentElement.lang = l;
  try { localStorage.setItem(STORAGE_KEY, l); } catch (e) { /* ignore */ }
  return l;
}

export function currentLanguage() { return lang; }
export function locale() { return LOCALES[lang]; }

/* The message for key with {name} placeholders replaced from params. */
export function t(key, params) {
  let s = messages[key];
  if (typeof s !== 'string') {
    console.error(`i18n: no message "${key}" in ${lang}.json`);
    return key;
  }
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) =>
      (params[name] === undefined || params[name] === null ? m : String(params[name])));
  }
  return s;
}

/* The message for key when the catalogue has it, else null (for open vocabularies). */
export function tMaybe(key, params) {
  return typeof messages[key] === 'string' ? t(key, params) : null;
}

/* A vocabulary value (state, role, event kind ...): its message, or the raw value. */
export function tWord(prefix, value) {
  if (value === null || value === undefined || value === '') return '–';
  return tMaybe(`${prefix}.${value}`) ?? String(value);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function civil(iso) {
  const m = ISO_DATE.exec(iso || '');
  if (!m) return null;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  // The date must exist (ISO-8601): 2024-02-30 is not 1 March.
  if (Number.isNaN(d.getTime()) || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) return null;
  return d;
}

/* A civil date as the ISO form Swedish uses: 2024-06-21. */
export function fmtDate(iso) {
  return civil(iso) ? iso : '–';
}

/* A civil date written out: "21 juni 2024" / "21 June 2024". */
export function fmtDateLong(iso) {
  const d = civil(iso);
  if (!d) return '–';
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).format(d);
}

/* A month "2024-06" written out: "juni 2024". */
export function fmtMonth(ym) {
  const d = civil(`${ym}-01`);
  if (!d) return '–';
  return new Intl.DateTimeFormat(locale(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/* A UTC timestamp in the municipality's time zone: 2024-06-21 14:05. */
export function fmtDateTime(ts) {
  const d = new Date(ts || '');
  if (Number.isNaN(d.getTime())) return '–';
  const parts = {};
  for (const p of new Intl.DateTimeFormat('sv-SE', {
    timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/* The civil date of a UTC timestamp in the municipality's time zone. */
export function dateOf(ts) {
  return fmtDateTime(ts).slice(0, 10);
}

/* An integer with the locale's grouping: 12 345. */
export function fmtNumber(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(n);
}

/*
 * An amount: integer öre (a number) or a decimal string in kronor ("2842.40"),
 * as the API may give either. Exact: no floating-point division.
 * sv: "2 842,40 kr" (no-break spaces), en: "SEK 2,842.40".
 */
export function fmtMoney(v) {
  let ore;
  if (typeof v === 'number' && Number.isSafeInteger(v)) {
    ore = v;
  } else if (typeof v === 'string') {
    const m = /^(-?)(\d+)(?:[.,](\d{1,2}))?$/.exec(v.trim());
    if (!m) return '–';
    ore = (+m[2]) * 100 + (m[3] ? +(m[3].padEnd(2, '0')) : 0);
    if (m[1]) ore = -ore;
  } else {
    return '–';
  }
  const neg = ore < 0;
  const abs = Math.abs(ore);
  const kr = new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(Math.floor(abs / 100));
  const dec = String(abs % 100).padStart(2, '0');
  if (lang === 'sv') return `${neg ? '\u2212' : ''}${kr},${dec}\u00a0kr`;
  return `${neg ? '-' : ''}SEK\u00a0${kr}.${dec}`;
}

/* A personnummer / samordningsnummer (12 digits) or CPR (10) in its written form. */
export function fmtPersonId(id, kind) {
  if (!id) return '–';
  if (/^\d{12}$/.test(id)) return `${id.slice(0, 8)}-${id.slice(8)}`;
  if (/^\d{10}$/.test(id) && kind === 'cpr') return `${id.slice(0, 6)}-${id.slice(6)}`;
  return id;
}

/* An organisation number (10 digits) or a sole trader's personnummer; CVR stays 8 digits. */
export function fmtOrgNo(no) {
  if (!no) return '–';
  if (/^\d{10}$/.test(no)) return `${no.slice(0, 6)}-${no.slice(6)}`;
  if (/^\d{12}$/.test(no)) return `${no.slice(0, 8)}-${no.slice(8)}`;
  return no;
}
