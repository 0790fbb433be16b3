/* Compensation assessment through an assessor handle. */
#include "harness.h"

/* Non-compliant milk powder bought online for 180 yuan; the seller knew. */
static const char CLAIM[] =
    "{\"schema_version\":1,"
    "\"purchase\":{\"kind\":\"food\",\"price_paid\":\"180.00\",\"purchase_date\":\"2025-04-10\","
    "\"receipt_date\":\"2025-04-12\",\"distance_sale\":true},"
    "\"request_date\":\"2025-04-15\","
    "\"findings\":{\"food_standard_violated\":true,\"respondent_produced_or_knew\":true,"
    "\"food_defect\":\"substantive\",\"fraud\":true},"
    "\"returns\":{\"exclusion\":\"perishable\"}}";

/* Received 2025-09-27: day 7 of the no-reason return is 2025-10-04, in the National Day break,
 * so the last day moves to 2025-10-09 (Civil Code Art. 203). */
static const char HOLIDAY[] =
    "{\"schema_version\":1,"
    "\"purchase\":{\"kind\":\"goods\",\"price_paid\":\"259.00\",\"purchase_date\":\"2025-09-25\","
    "\"receipt_date\":\"2025-09-27\",\"distance_sale\":true},"
    "\"request_date\":\"2025-10-09\",\"returns\":{\"exclusion\":\"none\"}}";

int main(void) {
    weiquan_assessor *a = NULL;
    EXPECT_OK(weiquan_assessor_new(NULL, 0, NULL, &a));
    char *out = NULL, *again = NULL;
    size_t len = 0;
    EXPECT_OK(weiquan_assessor_assess(a, S(CLAIM), &out, &len));
    /* 10 x 180.00 = 1,800.00 beats fraud's max(3 x 180.00, 500.00); total 1,980.00. */
    CHECK(contains(out, "10 × 180.00 = 1,800.00"));
    CHECK(contains(out, "1980.00") || contains(out, "1,980.00"));
    CHECK(out != NULL && strlen(out) == len);
    EXPECT_OK(weiquan_assessor_assess(a, S(CLAIM), &again, NULL));
    CHECK(out != NULL && again != NULL && strcmp(out, again) == 0);
    FREE_STR(again);

    /* NULL is the official calendar: the same documents as with its handle, and a last day in
     * the National Day break moves on (as `weiquan assess` and WebAssembly count). */
    weiquan_calendar *cal = NULL;
    weiquan_assessor *b = NULL;
    EXPECT_OK(weiquan_calendar_new(&cal));
    EXPECT_OK(weiquan_assessor_new(NULL, 0, cal, &b));
    EXPECT_OK(weiquan_calendar_free(cal)); /* the assessor keeps its own reference */
    EXPECT_OK(weiquan_assessor_assess(b, S(CLAIM), &again, NULL));
    CHECK(again != NULL && strcmp(out, again) == 0);
    FREE_STR(again);
    FREE_STR(out);
    EXPECT_OK(weiquan_assessor_assess(a, S(HOLIDAY), &out, NULL));
    EXPECT_OK(weiquan_assessor_assess(b, S(HOLIDAY), &again, NULL));
    CHECK(out != NULL && again != NULL && strcmp(out, again) == 0);
    CHECK(contains(out, "\"extended_to\":\"2025-10-09\""));
    FREE_STR(again);
    FREE_STR(out);

    /* Claim errors: not JSON, broken rules with pointers, NULLs. */
    EXPECT(weiquan_assessor_assess(a, S("{\"schema_version\":1,"), &out, &len), WEIQUAN_MALFORMED_JSON, "claim.syntax");
    CHECK(out == NULL && len == 0);
    EXPECT(weiquan_assessor_assess(a, S("{\"schema_version\":1,\"purchase\":{\"kind\":\"food\",\"price_paid\":\"-1\","
                                        "\"purchase_date\":\"2025-04-10\"},\"request_date\":\"2025-04-15\"}"), &out, NULL),
           WEIQUAN_INVALID, NULL);
    CHECK(contains(last_pointer(), "/purchase"));
    CHECK(contains(last_details(), "\"pointer\":\"/purchase"));
    EXPECT(weiquan_assessor_assess(a, NULL, 0, &out, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_assessor_assess(a, S(CLAIM), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_assessor_assess(a, S("\"\xfe\""), &out, NULL), WEIQUAN_INVALID_UTF8, NULL);

    /* Policies: malformed, breaking a rule, NULL out. */
    weiquan_assessor *c = NULL;
    EXPECT(weiquan_assessor_new(S("{"), NULL, &c), WEIQUAN_MALFORMED_JSON, NULL);
    EXPECT(weiquan_assessor_new(S("{\"nonsense\":true}"), NULL, &c), WEIQUAN_MALFORMED_JSON, NULL);
    EXPECT(weiquan_assessor_new(NULL, 0, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_assessor_new(NULL, 0, (const weiquan_calendar *)a, &c), WEIQUAN_INVALID_HANDLE, NULL);
    CHECK(c == NULL);

    /* The claim a complaint implies, and the claim schema. */
    size_t clen = 0;
    char *complaint = sample_complaint(&clen);
    EXPECT_OK(weiquan_claim_from_complaint(complaint, clen, &out, NULL));
    CHECK(contains(out, "\"schema_version\":1") && contains(out, "\"purchase\""));
    char *assessed = NULL;
    EXPECT_OK(weiquan_assessor_assess(a, out, strlen(out), &assessed, NULL));
    FREE_STR(assessed);
    FREE_STR(out);
    FREE_STR(complaint);
    EXPECT(weiquan_claim_from_complaint(S("{}"), &out, NULL), WEIQUAN_INVALID, "field.required");
    EXPECT(weiquan_claim_from_complaint(NULL, 0, &out, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_claim_from_complaint(S("{}"), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT_OK(weiquan_claim_schema(&out, &len));
    CHECK(contains(out, "$schema") && strlen(out) == len);
    FREE_STR(out);
    EXPECT(weiquan_claim_schema(NULL, NULL), WEIQUAN_NULL_POINTER, NULL);

    EXPECT_OK(weiquan_assessor_free(b));
    EXPECT_OK(weiquan_assessor_free(a));
    EXPECT(weiquan_assessor_assess(a, S(CLAIM), &out, NULL), WEIQUAN_INVALID_HANDLE, "ffi.invalid_handle");
    EXPECT(weiquan_assessor_free(a), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT_OK(weiquan_assessor_free(NULL));
    return harness_finish("test_compensation");
}
