// What the case screens of one intervention share: who decides, the submit
// state of a form (busy, errors at the fields, the server's other errors),
// and civil-date arithmetic on ISO dates (no clock: "today" is the server's).
import { tMaybe } from '../i18n.js';
import { fieldMessage, useSubmit as useSharedSubmit } from '../ui.js';

/* The municipal roles that decide on an intervention (ACT_CASE_DECIDE). */
export const decides = (role) => role === 'counsellor' || role === 'supervisor';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/* The shape rules of the JSON schema are X-4's; the domain rules name themselves. */
const SHAPE_RULES = ['min_length', 'max_length', 'required', 'type', 'enum', 'pattern', 'unknown'];

/*
 * A server field error as the screen says it: this screen's own words for
 * the rule at that field ("casework.rule.KV-24.start_on") or for the rule,
 * else the shared wording (ui.js), always with the rule named.
 */
export function caseFieldMessage(field, f) {
  const own = tMaybe(`casework.rule.${f.rule}.${field}`) ?? tMaybe(`casework.rule.${f.rule}`);
  if (!own) return fieldMessage(f);
  return `${own} (${SHAPE_RULES.includes(f.rule) ? 'X-4' : f.rule})`;
}

/* A form's submission with this screen's wording of field errors (ui.js useSubmit). */
export function useSubmit() {
  return useSharedSubmit({ message: caseFieldMessage });
}

function utc(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

/* Calendar days from a to b (ISO dates): 2024-06-21 to 2024-09-29 is 100. */
export function daysBetween(a, b) {
  if (!ISO_DATE.test(a || '') || !ISO_DATE.test(b || '')) return null;
  return Math.round((utc(b) - utc(a)) / 86400000);
}
