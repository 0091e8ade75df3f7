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
 * no exponent; overflow of int64 öre is rejected (the range is
 * -92233720368547758.08 to 92233720368547758.07). Leading zeros are
 * accepted ("007.50" is 750 öre), "-0" is 0. On failure err names field and
 * the rule "CAL-5" and *out is unchanged.
 */
enum sv_rc money_parse(const char *s, size_t len, sv_money *out, const char *field,
                       struct sv_error *err) SV_WUR;
/* Machine form, always two decimals: "2842.40", "-0.05"; money_parse reads
 * it back to the same value for every sv_money. Returns out. */
char *money_format(sv_money m, char out[SV_MONEY_STRLEN]);
/* Swedish display form: "2 842,40 kr", "-0,05 kr": an ordinary space (0x20)
 * between groups of three digits, a decimal comma, " kr". Returns out. */
char *money_format_sv(sv_money m, char out[SV_MONEY_STRLEN]);

/*
 * KV-71: the amount payable for the calendar month starting month_first for
 * an intervention running from..to inclusive, at a monthly voucher of
 * monthly öre. Days are counted inclusive; a whole calendar month pays
 * exactly monthly; a partial month pays monthly / 30 x days, never more than
 * monthly, rounded once to whole öre, half away from zero. A range that does
 * not touch the month (or an empty range, from > to) pays 0.
 *
 * month_first should be the first day of the month; any other day is taken
 * as the month it lies in. Integer arithmetic only, exact and free of
 * overflow for every sv_money (the voucher is split as 30q + r). A negative
 * voucher (a correction) is prorated like its magnitude and keeps its sign.
 */
sv_money money_prorate(sv_money monthly, sv_date month_first, sv_date from, sv_date to);

/* Days of from..to inclusive that fall in the month containing month_first
 * (0 when none, or when from > to). */
int money_days_in_month(sv_date month_first, sv_date from, sv_date to);

#endif
