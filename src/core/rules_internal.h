/*
 * rules_internal.h - what the rules_*.c files share and nothing else uses.
 */
#ifndef SV_RULES_INTERNAL_H
#define SV_RULES_INTERNAL_H

#include "stegvis/rules.h"

/* Bit (1u << unit) set for every unit a parameter accepts. */
unsigned rules_param_units(enum rules_param_id id);
/* "billing" or "limits": the section a parameter belongs to. */
const char *rules_param_section(enum rules_param_id id);
/* The rule ID a parameter implements ("KV-62"). */
const char *rules_param_rule(enum rules_param_id id);

#endif
