/*
 * personid.h - personal identity numbers (ID-1 ... ID-3), organisation
 * numbers (ID-4) and age on a date (CAL-6). Pure functions: no I/O, no clock;
 * "today" is always passed in.
 *
 * Accepted forms and what is checked, in this order (the first rule broken
 * is reported):
 *
 *   Swedish personnummer (ID-1) and samordningsnummer (ID-2):
 *     YYMMDD-NNNC  YYMMDD+NNNC  YYMMDDNNNC  YYYYMMDDNNNC  YYYYMMDD-NNNC
 *     1. the form (digits where digits belong, one of the separators above);
 *     2. the check digit C: the Luhn digit over the nine digits YYMMDDNNN
 *        (weights 2,1,2,1,...; the digit sums of the products are added;
 *        C = (10 - sum mod 10) mod 10);
 *     3. the month is 01-12 and the day 01-31 (a personnummer) or 61-91 (a
 *        samordningsnummer, ID-2: birth day = day - 60);
 *     4. the century (10-digit forms only, see below) and that the birth
 *        date exists (19230229 does not: 1923 is no leap year);
 *     5. the birth date is not after today.
 *   The ninth digit (the last of NNN) is odd for men and even for women.
 *
 *   The century of a 10-digit number, given today (year T):
 *     '-' or no separator: the person is under 100 on today. The birth year
 *       is the latest year Y <= T with Y mod 100 == YY whose birth date
 *       (MM, DD) is not after today; that is Y0 = T - ((T - YY) mod 100),
 *       minus 100 when Y0 == T and (MM, DD) is after today's month and day.
 *     '+': the person is 100 or over on today: the year is Y0 - 100.
 *   The date is compared on (month, day) before its existence is checked, so
 *   "000229-..." is read as 2000-02-29 in 2024 and, with '+', as 1900-02-29,
 *   which does not exist. A '+' is refused in the 12-digit forms.
 *
 *   Danish CPR (ID-3): DDMMYY-SSSS or DDMMYYSSSS
 *     1. the form; 2. month 01-12, day 01-31; 3. the century from the 7th
 *     digit (the first of SSSS) and YY:
 *        0-3            -> 19YY
 *        4 or 9         -> 20YY if YY <= 36, else 19YY
 *        5, 6, 7 or 8   -> 20YY if YY <= 57, else 18YY
 *     and that the date exists; 4. the birth date is not after today
 *     (a Decision, as for ID-1). The last digit is odd for men, even for
 *     women. The modulus-11 check (weights 4,3,2,7,6,5,4,3,2,1) is not a
 *     validity rule: a failed check sets PERSONID_WARN_CPR_MOD11 only.
 *
 * Normalised forms (struct personid.normalized): Swedish numbers are the 12
 * digits YYYYMMDDNNNC (a samordningsnummer keeps its day + 60); a CPR is the
 * 10 digits DDMMYYSSSS. Digits only, so they can be compared and stored.
 *
 * Errors: SV_EINVAL with err->field = the caller's field, err->rule = the
 * rule broken ("ID-1", "ID-2", "ID-3" or "ID-4") and err->msg saying what is
 * wrong ("check digit is 3, expected 8"). On failure *out is unspecified.
 */
#ifndef SV_PERSONID_H
#define SV_PERSONID_H

#include <stdbool.h>
#include <stddef.h>

#include "stegvis/date.h"
#include "stegvis/err.h"

enum personid_kind {
	PERSONID_PERSONNUMMER = 1,  /* ID-1 */
	PERSONID_SAMORDNINGSNUMMER, /* ID-2 */
	PERSONID_CPR,               /* ID-3 */
};

enum personid_sex {
	PERSONID_FEMALE = 1,
	PERSONID_MALE,
};

/* Warning bits in struct personid.warnings. */
#define PERSONID_WARN_CPR_MOD11 (1u << 0) /* ID-3: the modulus-11 check fails */
#define PERSONID_WARN_ALL       (PERSONID_WARN_CPR_MOD11)

#define PERSONID_NORMLEN 13 /* the longest normalised form (12 digits) and a NUL */

/* A valid identity number. Owns no memory; plain assignment copies it. */
struct personid {
	enum personid_kind kind;
	char country[3];                   /* "SE" or "DK" */
	char normalized[PERSONID_NORMLEN]; /* digits only, see above */
	sv_date birth_date;                /* the real birth date (ID-2: day - 60) */
	enum personid_sex sex;
	unsigned warnings; /* PERSONID_WARN_* bits */
};

/*
 * ID-1 / ID-2: parse and validate a Swedish personnummer or
 * samordningsnummer of len bytes at s (need not be NUL-terminated). today
 * gives the century of the 10-digit forms and the upper limit of the birth
 * date.
 */
enum sv_rc personid_parse_se(const char *s, size_t len, sv_date today, struct personid *out,
                             const char *field, struct sv_error *err) SV_WUR;

/* ID-3: parse and validate a Danish CPR number; today bounds the birth date. */
enum sv_rc personid_parse_dk(const char *s, size_t len, sv_date today, struct personid *out,
                             const char *field, struct sv_error *err) SV_WUR;

/* "personnummer", "samordningsnummer", "cpr"; "" for an unknown value. */
const char *personid_kind_name(enum personid_kind kind);
/* "male", "female"; "" for an unknown value. */
const char *personid_sex_name(enum personid_sex sex);
/* The text of one PERSONID_WARN_* bit, naming its rule; "" for other values. */
const char *personid_warning_text(unsigned bit);

/*
 * The Luhn (mod 10) check digit over n digits at s, weights 2,1,2,1,... from
 * the left (ID-1, ID-4). Returns 0-9, or -1 when s holds a non-digit or n is 0.
 */
int personid_luhn_digit(const char *s, size_t n);

/*
 * CAL-6: age in completed years on the date on, for someone born on birth;
 * -1 when on is before birth. A year is completed on the birthday, i.e. when
 * (month, day) of on is not before (month, day) of birth. So a person born
 * on 29 February turns a year older on 29 February in leap years and on
 * 1 March in other years (28 February is still before 29 February).
 */
int personid_age_on(sv_date birth, sv_date on);

/*
 * CAL-6: true when the age on the date on lies in min..max, both limits
 * inclusive ("18-24" holds from the 18th birthday to the day before the
 * 25th). Pass max < 0 for no upper limit.
 */
bool personid_age_within(sv_date birth, sv_date on, int min, int max);

/* ID-4: organisation numbers. */
enum personid_org_kind {
	PERSONID_ORG_SE = 1,         /* Swedish organisationsnummer of a legal person */
	PERSONID_ORG_SE_SOLE_TRADER, /* a sole trader's personnummer/samordningsnummer */
	PERSONID_ORG_DK_CVR,         /* Danish CVR number */
};

struct personid_org {
	enum personid_org_kind kind;
	/* PERSONID_ORG_SE: 10 digits NNNNNNNNNN; sole trader: the 12-digit
	 * personnummer of ID-1/ID-2; CVR: 8 digits. */
	char normalized[PERSONID_NORMLEN];
};

/*
 * ID-4: a Swedish organisationsnummer, NNNNNN-NNNN or NNNNNNNNNN, the tenth
 * digit the Luhn digit over the first nine. A legal person's number has a
 * third digit of 2 or more (its "month", digits 3-4, is 20-99 and can be no
 * date). Any other number - a 10-digit one with "month" 00-19, the '+' form
 * and the 12-digit forms - is read as a sole trader's personnummer or
 * samordningsnummer and must pass ID-1 or ID-2 in full (today as for
 * personid_parse_se); its errors name ID-1 or ID-2.
 */
enum sv_rc personid_parse_orgnr_se(const char *s, size_t len, sv_date today,
                                   struct personid_org *out, const char *field,
                                   struct sv_error *err) SV_WUR;

/*
 * ID-4: a Danish CVR number: exactly 8 digits whose sum with the weights
 * 2,7,6,5,4,3,2,1 is divisible by 11.
 */
enum sv_rc personid_parse_cvr(const char *s, size_t len, struct personid_org *out,
                              const char *field, struct sv_error *err) SV_WUR;

#endif
