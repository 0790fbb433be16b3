/* The compact assessment (weiquan_assessor_assess_compact): the decision without the prose,
 * every error path of the call, and two threads sharing one assessor. */
#include <pthread.h>

#include "harness.h"

/* Non-compliant milk powder bought online for 180 yuan, for the family, from a shop; the seller
 * knew. */
static const char CLAIM[] =
    "{\"schema_version\":1,"
    "\"purchase\":{\"kind\":\"food\",\"price_paid\":\"180.00\",\"purchase_date\":\"2025-04-10\","
    "\"receipt_date\":\"2025-04-12\",\"distance_sale\":true,"
    "\"purpose\":\"living_consumption\",\"seller_is_operator\":true},"
    "\"request_date\":\"2025-04-15\","
    "\"findings\":{\"food_standard_violated\":true,\"respondent_produced_or_knew\":true,"
    "\"food_defect\":\"substantive\",\"fraud\":true},"
    "\"returns\":{\"exclusion\":\"perishable\"}}";

/* The same phone claim as docs/compensation.md: bought online, returned on day 8. */
static const char PHONE[] =
    "{\"schema_version\":1,\"id\":\"c-17\","
    "\"purchase\":{\"kind\":\"goods\",\"price_paid\":\"259\",\"purchase_date\":\"2025-06-01\","
    "\"receipt_date\":\"2025-06-03\",\"distance_sale\":true},"
    "\"request_date\":\"2025-06-10\","
    "\"returns\":{\"exclusion\":\"none\",\"returned_goods_received_on\":\"2025-06-12\"}}";

struct job {
    const weiquan_assessor *assessor;
    const char *expected;
    int mismatches;
};

/* Assesses the claim 200 times and counts answers that differ from the expected one. */
static void *worker(void *arg) {
    struct job *j = arg;
    for (int i = 0; i < 200; i++) {
        char *out = NULL;
        if (weiquan_assessor_assess_compact(j->assessor, CLAIM, sizeof(CLAIM) - 1, &out, NULL) != WEIQUAN_OK ||
            out == NULL || strcmp(out, j->expected) != 0) {
            j->mismatches++;
        }
        if (weiquan_string_free(out) != WEIQUAN_OK) j->mismatches++;
    }
    return NULL;
}

int main(void) {
    weiquan_assessor *a = NULL;
    EXPECT_OK(weiquan_assessor_new(NULL, 0, NULL, &a));
    char *compact = NULL, *full = NULL, *again = NULL;
    size_t len = 0, full_len = 0;
    EXPECT_OK(weiquan_assessor_assess_compact(a, S(CLAIM), &compact, &len));
    CHECK(compact != NULL && strlen(compact) == len);
    /* The decision: total, proposed items, the statutory numbers by their table ids. */
    CHECK(contains(compact, "{\"schema_version\":1,\"form\":\"compact\",\"facts_date\":\"2025-04-10\",\"total\":\"1980.00\""));
    CHECK(contains(compact, "{\"label\":\"price_multiple\",\"calc\":\"10 × 180.00 = 1,800.00\","
                            "\"param\":\"fsl_2015_148_2_price_multiplier\"}"));
    CHECK(contains(compact, "{\"label\":\"minimum\",\"calc\":\"max(540.00, 500.00) = 540.00\","
                            "\"param\":\"crpl_2013_55_1_minimum\"}"));
    CHECK(contains(compact, "\"applied\":[\"fsl_2015_148_2\"],\"offered\":[\"crpl_2013_55_1\"]"));
    CHECK(contains(compact, "\"missing_facts\":[{\"rule\":\"crpl_2013_55_2\",\"fact\":\"/proven_losses\"}"));
    /* The rules that did not apply: one code each, no prose. */
    CHECK(contains(compact, "\"dal_2019_144_3\":\"not_drug\""));
    CHECK(!contains(compact, "citation_en") && !contains(compact, "\"zh\""));
    /* A tenth of the full document, for the same claim. */
    EXPECT_OK(weiquan_assessor_assess(a, S(CLAIM), &full, &full_len));
    CHECK(full != NULL && len * 8 < full_len);
    FREE_STR(full);
    /* The same call gives the same answer. */
    EXPECT_OK(weiquan_assessor_assess_compact(a, S(CLAIM), &again, NULL));
    CHECK(compact != NULL && again != NULL && strcmp(compact, again) == 0);
    FREE_STR(again);

    /* A remedy: its window, conditions and the operator's refund deadline; the claim id. The
     * assessor made without a calendar counts with the official one: 2025-06-10 is a working
     * day, so the last day stands. */
    EXPECT_OK(weiquan_assessor_assess_compact(a, S(PHONE), &again, NULL));
    CHECK(contains(again, "\"claim_id\":\"c-17\""));
    CHECK(contains(again, "\"window\":{\"kind\":\"request_by\",\"param\":\"crpl_2013_25_return_days\","
                          "\"from\":\"2025-06-03\",\"last_day\":\"2025-06-10\",\"extension\":\"not_needed\"}"));
    CHECK(contains(again, "\"operator_deadlines\":[{\"param\":\"crpl_2013_25_refund_days\",\"due\":\"2025-06-19\"}]"));
    /* The phone claim states neither the purpose nor the seller's status: assessed on the
     * stated default, flagged (issue #19). */
    CHECK(contains(again, "\"flags\":[\"missing_facts\",\"consumer_scope_presumed\"]"));
    FREE_STR(again);

    /* The official calendar's handle counts as the default does: no no_calendar flag. */
    weiquan_calendar *cal = NULL;
    weiquan_assessor *b = NULL;
    EXPECT_OK(weiquan_calendar_new(&cal));
    EXPECT_OK(weiquan_assessor_new(NULL, 0, cal, &b));
    EXPECT_OK(weiquan_calendar_free(cal));
    EXPECT_OK(weiquan_assessor_assess_compact(b, S(PHONE), &again, NULL));
    CHECK(contains(again, "\"extension\":\"not_needed\"") && !contains(again, "no_calendar"));
    FREE_STR(again);
    EXPECT_OK(weiquan_assessor_free(b));

    /* A policy override is marked on the step that used it. */
    static const char POLICY[] = "{\"overrides\":[{\"parameter\":\"prepaid_2025_16_day_basis\",\"value\":\"360\"}]}";
    weiquan_assessor *p = NULL;
    EXPECT_OK(weiquan_assessor_new(S(POLICY), NULL, &p));
    static const char PREPAID[] =
        "{\"schema_version\":1,\"purchase\":{\"kind\":\"service\",\"price_paid\":\"1000\",\"purchase_date\":\"2025-05-01\"},"
        "\"request_date\":\"2025-11-01\","
        "\"prepaid\":{\"already_obtained_same\":false,\"cause\":\"operator\","
        "\"unlimited\":{\"term_start\":\"2025-05-01\",\"term_end\":\"2026-04-30\",\"supply_stopped_on\":\"2025-10-01\"},"
        "\"rescinded_on\":\"2025-11-01\","
        "\"interest\":{\"annual_rate\":\"3.1%\",\"basis\":\"lpr_one_year\",\"until\":\"2026-01-30\"}}}";
    EXPECT_OK(weiquan_assessor_assess_compact(p, S(PREPAID), &again, NULL));
    CHECK(contains(again, "{\"label\":\"interest\",\"calc\":\"580.82 × 3.1% × 90 ÷ 360 = 4.50\","
                          "\"param\":\"prepaid_2025_16_day_basis\",\"overridden\":true}"));
    CHECK(contains(again, "\"policy_override\""));
    FREE_STR(again);
    EXPECT_OK(weiquan_assessor_free(p));

    /* Two threads share the assessor and get the same answer every time. */
    struct job jobs[2] = {{a, compact, 0}, {a, compact, 0}};
    pthread_t threads[2];
    for (int i = 0; i < 2; i++) CHECK(pthread_create(&threads[i], NULL, worker, &jobs[i]) == 0);
    for (int i = 0; i < 2; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(jobs[i].mismatches == 0);
    }
    FREE_STR(compact);

    /* Every error path: not JSON, a claim breaking the rules, NULLs, bad UTF-8, a NUL byte. */
    char *out = (char *)1;
    len = 99;
    EXPECT(weiquan_assessor_assess_compact(a, S("{\"schema_version\":1,"), &out, &len), WEIQUAN_MALFORMED_JSON, "claim.syntax");
    CHECK(out == NULL && len == 0);
    EXPECT(weiquan_assessor_assess_compact(a, S("{\"schema_version\":1,\"purchase\":{\"kind\":\"food\",\"price_paid\":\"-1\","
                                                "\"purchase_date\":\"2025-04-10\"},\"request_date\":\"2025-04-15\"}"), &out, NULL),
           WEIQUAN_INVALID, "field.invalid");
    CHECK(out == NULL);
    CHECK(contains(last_pointer(), "/purchase/price_paid"));
    CHECK(contains(last_details(), "\"pointer\":\"/purchase/price_paid\""));
    EXPECT(weiquan_assessor_assess_compact(a, NULL, 0, &out, NULL), WEIQUAN_NULL_POINTER, "ffi.null_pointer");
    EXPECT(weiquan_assessor_assess_compact(a, S(CLAIM), NULL, NULL), WEIQUAN_NULL_POINTER, "ffi.null_pointer");
    EXPECT(weiquan_assessor_assess_compact(NULL, S(CLAIM), &out, NULL), WEIQUAN_INVALID_HANDLE, "ffi.invalid_handle");
    EXPECT(weiquan_assessor_assess_compact(a, S("\"\xfe\""), &out, NULL), WEIQUAN_INVALID_UTF8, "ffi.invalid_utf8");
    EXPECT(weiquan_assessor_assess_compact(a, S("{\"a\":\"\0\"}"), &out, NULL), WEIQUAN_INVALID_UTF8, "ffi.nul_byte");
    CHECK(out == NULL);
    /* A calendar handle is not an assessor. */
    EXPECT_OK(weiquan_calendar_new(&cal));
    EXPECT(weiquan_assessor_assess_compact((const weiquan_assessor *)cal, S(CLAIM), &out, NULL), WEIQUAN_INVALID_HANDLE, "ffi.invalid_handle");
    EXPECT_OK(weiquan_calendar_free(cal));

    /* A freed assessor is detected. */
    EXPECT_OK(weiquan_assessor_free(a));
    EXPECT(weiquan_assessor_assess_compact(a, S(CLAIM), &out, NULL), WEIQUAN_INVALID_HANDLE, "ffi.invalid_handle");
    CHECK(out == NULL);
    return harness_finish("test_compact");
}
