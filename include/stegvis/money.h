/*
 * money.h - amounts as integer öre (CAL-5) and the KV-71 proration.
 *
 * sv_money is a signed count of öre (1 kr = 100 öre); Danish amounts are øre
 * in the same type. Amounts are never floats.
 */
#ifndef SV_MONEY_H
#define SV_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "stegvis/date.h"
#include "stegvis/err.h"

typedef int64_t sv_money;

#define SV_MONEY_STRLEN 32

/*
 * Machine form: an optional '-', one or more digits, optionally '.' and
 * exactly two decimals ("2842.40", "3876", "-12.05"). No spaces, no '+',
 * no exponent; overflow of int64 öre is rejected. On failure err names field
 * and the rule "CAL-5".
 */
enum sv_rc money_parse(const char *s, size_t len, sv_money *out, const char *field,
                       struct sv_error *err) SV_WUR;
/* Machine form, always two decimals: "2842.40", "-0.05". Returns out. */
char *money_format(sv_money m, char out[SV_MONEY_STRLEN]);
/* Swedish display form: "2 842,40 kr", "-0,05 kr" (space as thousands separator). */
char *money_format_sv(sv_money m, char out[SV_MONEY_STRLEN]);

/*
 * KV-71: the amount payable for the calendar month starting month_first for
 * an intervention running from..to inclusive, at a monthly voucher of
 * monthly öre. Days are counted inclusive; a whole calendar month pays
 * exactly monthly; a partial month pays monthly / 30 x days, never more than
 * monthly, rounded once to whole öre, half away from zero. A range that does
 * not touch the month pays 0.
 */
sv_money money_prorate(sv_money monthly, sv_date month_first, sv_date from, sv_date to);

/* Days of from..to inclusive that fall in the month starting month_first. */
int money_days_in_month(sv_date month_first, sv_date from, sv_date to);

#endif
