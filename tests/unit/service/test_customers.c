/*
 * The register extract (GDPR Art. 15, X-6) through customers.c, on both
 * backends: a person with one row in every table that holds personal
 * records about them gets each of them in the extract, another person's
 * rows never appear, and a provider's staff cannot fetch an extract.
 */
#include "docs_fixture.h"

#include <jansson.h>

#include "service/customers.h"
#include "store/store_int.h" /* store_do: one raw row per table */

/* The record kinds of the extract ("records") that this test fills. */
static const char *const kinds[] = {"assessments",
                                    "intervention_details",
                                    "proposals",
                                    "contact_logs",
                                    "deviations",
                                    "provider_deficiencies",
                                    "jobbpeng_supplements",
                                    "jobbpeng_bonus_claims",
                                    "documents",
                                    "document_versions",
                                    "document_sections",
                                    "document_reviews",
                                    "absences",
                                    "meetings",
                                    "messages",
                                    "data_incidents",
                                    "interventions"};

static void run(const char *sql, const struct store_param *p, int np)
{
	struct sv_error e = SV_ERROR_INIT;
	fx_ok(store_do(F.st, sql, p, np, NULL, &e), &e, sql);
}

/* One row in every table for customer c with intervention iv, each text
 * carrying the marker "<tag>-<table>". */
static void fill(int64_t c, int64_t iv, const char *tag)
{
	struct sv_error e = SV_ERROR_INIT;
	char m[20][48];
	int64_t doc = 0, ver = 0;
	int k = 0;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		snprintf(m[i], sizeof(m[i]), "%s-%s", tag, kinds[i]);
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(c), P_TEXT(m[k++])};
		run("INSERT INTO assessments (tenant_id, customer_id, made_on, made_at, "
		    "assessment, "
		    "future_plan) VALUES ($1, $2, '2024-03-01', 1, $3, $3)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv), P_TEXT(m[k++])};
		run("INSERT INTO intervention_details (tenant_id, intervention_id, brief) VALUES "
		    "($1, $2, $3)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv), P_INT(c), P_TEXT(m[k++])};
		run("INSERT INTO proposals (tenant_id, intervention_id, customer_id, kind, state, "
		    "justification, made_at) VALUES ($1, $2, $3, 'extension', 'pending', $4, 1)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv), P_TEXT(m[k++])};
		run("INSERT INTO contact_logs (tenant_id, intervention_id, contact_on, channel, "
		    "note, "
		    "recorded_at) VALUES ($1, $2, '2024-03-05', 'phone', $3, 1)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv), P_TEXT(m[k++])};
		run("INSERT INTO deviations (tenant_id, intervention_id, occurred_on, description, "
		    "recorded_at) VALUES ($1, $2, '2024-03-05', $3, 1)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(F.prov), P_INT(iv),
		                          P_TEXT(m[k++])};
		run("INSERT INTO provider_deficiencies (tenant_id, provider_id, intervention_id, "
		    "kind, "
		    "noted_on, note, recorded_at) VALUES ($1, $2, $3, 'other', '2024-03-05', $4, "
		    "1)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv), P_TEXT(m[k++])};
		run("INSERT INTO jp_supplements (tenant_id, intervention_id, amount_ore, purpose, "
		    "justification, state, applied_on, applied_at) VALUES ($1, $2, 500000, $3, $3, "
		    "'pending', '2024-03-05', 1)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv), P_TEXT(m[k++])};
		run("INSERT INTO jp_bonus_claims (tenant_id, intervention_id, qualifying_from, "
		    "eligible_on, proof, state, claimed_on, claimed_at) VALUES ($1, $2, "
		    "'2024-03-01', '2024-09-01', $3, 'pending', '2024-09-02', 1)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv)};
		fx_ok(store_one_int(
		              F.st,
		              "INSERT INTO documents (tenant_id, intervention_id, kind, state, "
		              "created_at) VALUES ($1, $2, 'plan', 'draft', 1) RETURNING id",
		              p, NPARAMS(p), &doc, &e),
		      &e, "document");
		k++; /* documents has no text of its own: its one row is checked by count */
	}
	{
		char body[96];
		struct store_param p[] = {P_INT(F.tenant), P_INT(doc), P_TEXT(body)};
		snprintf(body, sizeof(body), "{\"note\": \"%s\"}", m[k]);
		k++;
		fx_ok(store_one_int(
		              F.st,
		              "INSERT INTO document_versions (tenant_id, document_id, version, "
		              "created_at, body) VALUES ($1, $2, 1, 1, $3) RETURNING id",
		              p, NPARAMS(p), &ver, &e),
		      &e, "version");
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(ver), P_TEXT(m[k++])};
		run("INSERT INTO document_sections (tenant_id, version_id, section, body) VALUES "
		    "($1, "
		    "$2, 'summary', $3)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(doc), P_TEXT(m[k++])};
		run("INSERT INTO document_reviews (tenant_id, document_id, version, decision, "
		    "comment, at) VALUES ($1, $2, 1, 'returned', $3, 1)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv), P_TEXT(m[k++])};
		run("INSERT INTO absences (tenant_id, intervention_id, kind, from_on, note, "
		    "reported_at) VALUES ($1, $2, 'sick', '2024-03-05', $3, 1)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(c), P_INT(iv), P_TEXT(m[k++])};
		run("INSERT INTO meetings (tenant_id, customer_id, intervention_id, kind, "
		    "starts_at, "
		    "note) VALUES ($1, $2, $3, 'other', 1, $4)",
		    p, NPARAMS(p));
	}
	{
		struct store_param p[] = {P_INT(F.tenant), P_INT(c), P_INT(iv), P_TEXT(m[k++])};
		run("INSERT INTO messages (tenant_id, customer_id, intervention_id, topic, body, "
		    "sent_at) VALUES ($1, $2, $3, 'general', $4, 1)",
		    p, NPARAMS(p));
	}
	{
		/* One incident names the person, one only their case. */
		struct store_param p[] = {P_INT(F.tenant), P_INT(F.prov), P_INT(c), P_TEXT(m[k])};
		struct store_param q[] = {P_INT(F.tenant), P_INT(F.prov), P_INT(iv),
		                          P_TEXT(m[k++])};
		run("INSERT INTO data_incidents (tenant_id, provider_id, customer_id, nature, "
		    "discovered_at, reported_at, description) VALUES ($1, $2, $3, 'suspected', 1, "
		    "2, $4)",
		    p, NPARAMS(p));
		run("INSERT INTO data_incidents (tenant_id, provider_id, intervention_id, nature, "
		    "discovered_at, reported_at, description) VALUES ($1, $2, $3, 'occurred', 1, "
		    "2, $4)",
		    q, NPARAMS(q));
	}
	{
		/* The intervention's own row: its reference carries the marker. */
		struct store_param p[] = {P_INT(F.tenant), P_INT(iv), P_TEXT(m[k++])};
		run("UPDATE interventions SET ref = $3 WHERE tenant_id = $1 AND id = $2", p,
		    NPARAMS(p));
	}
}

static void test_register_extract_every_record(void **state)
{
	struct sv_error e = SV_ERROR_INIT;
	struct buf out;
	json_t *doc, *rec;
	json_error_t je;
	int64_t other, other_iv;

	(void)state;
	FX_NEED();
	other = fx_customer("Bo", F.unit, NULL);
	other_iv = fx_intervention(other, F.prov, "2024-03-04");
	fill(F.cust, F.iv, "A");
	fill(other, other_iv, "B");

	buf_init(&out, BUF_MAX_DEFAULT);
	fx_at("2024-04-02", 9);
	fx_as(F.dpo);
	fx_ok(customers_register_extract(&F.s, F.cust, &out, &e), &e, "extract");
	doc = json_loadb(out.data, out.len, 0, &je);
	assert_non_null(doc);
	rec = json_object_get(doc, "records");
	assert_non_null(rec);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		json_t *rows = json_object_get(rec, kinds[i]);
		char marker[48], *text;
		if (!json_is_array(rows) || json_array_size(rows) == 0)
			fail_msg("X-6: no %s in the extract", kinds[i]);
		/* Both incidents: the one naming the person and the one on their case. */
		assert_int_equal(json_array_size(rows), strcmp(kinds[i], "data_incidents") ? 1 : 2);
		snprintf(marker, sizeof(marker), "A-%s", kinds[i]);
		text = json_dumps(rows, JSON_COMPACT);
		assert_non_null(text);
		if (strcmp(kinds[i], "documents") && !strstr(text, marker))
			fail_msg("X-6: %s lacks the person's row %s: %s", kinds[i], marker, text);
		free(text);
	}
	/* Nothing of the other person, anywhere in the document. */
	assert_null(strstr(out.data, "\"B-"));
	assert_null(strstr(out.data, " B-"));
	json_decref(doc);

	/* a provider's staff cannot fetch an extract, not even of a
	 * customer of their own provider. */
	buf_release(&out);
	buf_init(&out, BUF_MAX_DEFAULT);
	fx_as(F.pst);
	sv_error_clear(&e);
	assert_rc(customers_register_extract(&F.s, F.cust, &out, &e), SV_EFORBIDDEN);
	assert_string_equal(e.rule, "X-3");
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_register_extract_every_record, fx_setup,
	                                        fx_teardown),
	};
	return fx_run("customers", tests, sizeof(tests) / sizeof(tests[0]));
}
