/* Complaint parse-and-validate, field classes, the schema and the generator. */
#include "harness.h"

int main(void) {
    size_t len = 0;
    char *sample = sample_complaint(&len);
    CHECK(sample != NULL);
    if (sample == NULL) return harness_finish("test_complaint");

    char *out = NULL;
    size_t out_len = 0;
    EXPECT_OK(weiquan_complaint_validate(sample, len, &out, &out_len));
    CHECK(out != NULL && strlen(out) == out_len);
    /* The normalised form of a generated complaint is itself. */
    CHECK(out != NULL && strcmp(out, sample) == 0);
    /* Same input, same output. */
    char *again = NULL;
    EXPECT_OK(weiquan_complaint_validate(sample, len, &again, NULL));
    CHECK(again != NULL && out != NULL && strcmp(again, out) == 0);
    FREE_STR(again);
    FREE_STR(out);

    /* Validated on a day: not before the day it was received (received_at.future). */
    const char *at = strstr(sample, "\"received_at\":\"");
    CHECK(at != NULL);
    if (at != NULL) {
        int y = 0;
        unsigned m = 0, d = 0;
        CHECK(sscanf(at + 15, "%4d-%2u-%2u", &y, &m, &d) == 3);
        weiquan_date received = {y, m, d};
        EXPECT_OK(weiquan_complaint_validate_on(sample, len, received, &out, &out_len));
        CHECK(out != NULL && strcmp(out, sample) == 0);
        FREE_STR(out);
        weiquan_date next_year = {y + 1, m, d < 29 ? d : 28};
        EXPECT_OK(weiquan_complaint_validate_on(sample, len, next_year, &out, NULL));
        FREE_STR(out);
        weiquan_date earlier = {y - 1, m, d < 29 ? d : 28};
        EXPECT(weiquan_complaint_validate_on(sample, len, earlier, &out, &out_len), WEIQUAN_INVALID,
               "received_at.future");
        CHECK(strcmp(last_pointer(), "/received_at") == 0);
        CHECK(out == NULL && out_len == 0);
        weiquan_date impossible = {y, 2, 30};
        EXPECT(weiquan_complaint_validate_on(sample, len, impossible, &out, NULL),
               WEIQUAN_INVALID_ARGUMENT, NULL);
    }

    /* A broken mobile number: WEIQUAN_INVALID with the pointer and every problem. */
    char *broken = malloc(len + 1);
    memcpy(broken, sample, len + 1);
    char *mobile = strstr(broken, "\"mobile\":\"");
    CHECK(mobile != NULL);
    if (mobile != NULL) mobile[10] = '0';
    EXPECT(weiquan_complaint_validate(broken, len, &out, &out_len), WEIQUAN_INVALID, "mobile.format");
    CHECK(strcmp(last_pointer(), "/consumer/mobile") == 0);
    CHECK(contains(last_details(), "\"pointer\":\"/consumer/mobile\""));
    CHECK(out == NULL && out_len == 0);
    free(broken);

    EXPECT(weiquan_complaint_validate(S("{\"schema_version\":"), &out, NULL), WEIQUAN_MALFORMED_JSON,
           "json.syntax");
    /* JSON of the wrong shape is a validation error with pointers, as in `weiquan validate`. */
    EXPECT(weiquan_complaint_validate(S("[]"), &out, NULL), WEIQUAN_INVALID, "field.type");
    EXPECT(weiquan_complaint_validate(S("{}"), &out, NULL), WEIQUAN_INVALID, "field.required");
    CHECK(strcmp(last_pointer(), "/schema_version") == 0);
    CHECK(contains(last_details(), "\"pointer\":\"/claims\""));
    EXPECT(weiquan_complaint_validate(S("{\"a\":\"\xff\"}"), &out, NULL), WEIQUAN_INVALID_UTF8, NULL);
    EXPECT(weiquan_complaint_validate(NULL, 3, &out, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_complaint_validate(sample, len, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_complaint_validate(sample, WEIQUAN_MAX_TEXT_LEN + 1, &out, NULL), WEIQUAN_TOO_LONG, NULL);

    weiquan_field_class fc = WEIQUAN_FIELD_CLASS_NONE;
    EXPECT_OK(weiquan_complaint_field_class(S("/consumer/mobile"), &fc));
    CHECK(fc == WEIQUAN_FIELD_CLASS_DIRECT_IDENTIFIER);
    EXPECT_OK(weiquan_complaint_field_class(S("/evidence/3/name"), &fc));
    CHECK(fc == WEIQUAN_FIELD_CLASS_DIRECT_IDENTIFIER);
    EXPECT_OK(weiquan_complaint_field_class(S("/consumer/division"), &fc));
    CHECK(fc == WEIQUAN_FIELD_CLASS_QUASI_IDENTIFIER);
    EXPECT_OK(weiquan_complaint_field_class(S("/description"), &fc));
    CHECK(fc == WEIQUAN_FIELD_CLASS_SENSITIVE);
    EXPECT_OK(weiquan_complaint_field_class(S("/business/online/platform"), &fc));
    CHECK(fc == WEIQUAN_FIELD_CLASS_PUBLIC);
    EXPECT_OK(weiquan_complaint_field_class(S("/nope"), &fc));
    CHECK(fc == WEIQUAN_FIELD_CLASS_NONE);
    EXPECT(weiquan_complaint_field_class(NULL, 0, &fc), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_complaint_field_class(S("/id"), NULL), WEIQUAN_NULL_POINTER, NULL);

    char *schema = NULL;
    EXPECT_OK(weiquan_complaint_schema(&schema, NULL));
    CHECK(contains(schema, "\"title\": \"weiquan complaint\"") || contains(schema, "\"title\":\"weiquan complaint\""));
    FREE_STR(schema);
    EXPECT(weiquan_complaint_schema(NULL, NULL), WEIQUAN_NULL_POINTER, NULL);

    /* The generator: deterministic, with broken records on request, bounded. */
    char *a = NULL, *b = NULL;
    size_t a_len = 0, b_len = 0;
    EXPECT_OK(weiquan_complaint_generate(7, 20, 100, &a, &a_len));
    EXPECT_OK(weiquan_complaint_generate(7, 20, 100, &b, &b_len));
    CHECK(a_len == b_len && a != NULL && b != NULL && memcmp(a, b, a_len) == 0);
    size_t lines = 0;
    for (size_t i = 0; a != NULL && i < a_len; i++) lines += a[i] == '\n';
    CHECK(lines == 20);
    FREE_STR(a);
    FREE_STR(b);
    EXPECT_OK(weiquan_complaint_generate(7, 0, 0, &a, &a_len));
    CHECK(a != NULL && a_len == 0 && a[0] == '\0');
    FREE_STR(a);
    EXPECT(weiquan_complaint_generate(7, WEIQUAN_MAX_GENERATE + 1, 0, &a, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_complaint_generate(7, 1, 1001, &a, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_complaint_generate(7, 1, 0, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);

    FREE_STR(sample);
    return harness_finish("test_complaint");
}
