/* Redaction of personal data in free text. */
#include "harness.h"

static const char TEXT[] = "我叫张伟，手机13800138000，身份证11010519491231002X，住石家庄市长安区建设北大街5号。";

int main(void) {
    char *out = NULL, *again = NULL;
    size_t len = 0;
    EXPECT_OK(weiquan_redact_text(S(TEXT), WEIQUAN_REDACT_LABEL, WEIQUAN_PII_ALL, &out, &len));
    CHECK(out != NULL && strlen(out) == len);
    CHECK(!contains(out, "13800138000") && !contains(out, "11010519491231002X"));
    CHECK(contains(out, "[手机号]"));
    EXPECT_OK(weiquan_redact_text(S(TEXT), WEIQUAN_REDACT_LABEL, WEIQUAN_PII_ALL, &again, NULL));
    CHECK(out != NULL && again != NULL && strcmp(out, again) == 0);
    FREE_STR(again);
    FREE_STR(out);

    EXPECT_OK(weiquan_redact_text(S(TEXT), WEIQUAN_REDACT_PARTIAL, WEIQUAN_PII_MOBILE, &out, NULL));
    CHECK(contains(out, "138****8000") && contains(out, "11010519491231002X"));
    FREE_STR(out);
    EXPECT_OK(weiquan_redact_text(S(TEXT), WEIQUAN_REDACT_MASK, WEIQUAN_PII_MOBILE, &out, NULL));
    CHECK(contains(out, "***********") && !contains(out, "13800138000"));
    FREE_STR(out);
    EXPECT_OK(weiquan_redact_text(S(TEXT), WEIQUAN_REDACT_LABEL, 0, &out, NULL));
    CHECK(out != NULL && strcmp(out, TEXT) == 0);
    FREE_STR(out);

    EXPECT_OK(weiquan_redact_spans(S(TEXT), WEIQUAN_REDACT_LABEL, WEIQUAN_PII_ALL, &out, &len));
    CHECK(contains(out, "\"schema_version\":1") && contains(out, "\"kind\":\"mobile\"") && contains(out, "\"spans\":["));
    FREE_STR(out);

    EXPECT(weiquan_redact_text(S(TEXT), 3, WEIQUAN_PII_ALL, &out, NULL), WEIQUAN_INVALID_ARGUMENT, "ffi.invalid_argument");
    EXPECT(weiquan_redact_text(S(TEXT), WEIQUAN_REDACT_LABEL, WEIQUAN_PII_ALL + 1, &out, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_redact_spans(S(TEXT), 9, WEIQUAN_PII_ALL, &out, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_redact_text(NULL, 0, 0, WEIQUAN_PII_ALL, &out, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_redact_text(S(TEXT), 0, WEIQUAN_PII_ALL, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_redact_spans(NULL, 0, 0, WEIQUAN_PII_ALL, &out, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_redact_spans(S(TEXT), 0, WEIQUAN_PII_ALL, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_redact_text(S("\xe6\x89"), 0, WEIQUAN_PII_ALL, &out, NULL), WEIQUAN_INVALID_UTF8, NULL);
    EXPECT(weiquan_redact_text(S("a\0b"), 0, WEIQUAN_PII_ALL, &out, NULL), WEIQUAN_INVALID_UTF8, "ffi.nul_byte");
    return harness_finish("test_redact");
}
