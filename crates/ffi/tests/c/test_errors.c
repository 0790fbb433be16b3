/* The status enum, the last error and its accessors, and library strings. */
#include "harness.h"

int main(void) {
    /* Every status has its header name; other numbers are refused. */
    const char *name = NULL;
    EXPECT_OK(weiquan_status_name(WEIQUAN_OK, &name));
    CHECK(strcmp(name, "WEIQUAN_OK") == 0);
    EXPECT_OK(weiquan_status_name(WEIQUAN_MALFORMED_JSON, &name));
    CHECK(strcmp(name, "WEIQUAN_MALFORMED_JSON") == 0);
    EXPECT_OK(weiquan_status_name(WEIQUAN_INTERNAL, &name));
    CHECK(strcmp(name, "WEIQUAN_INTERNAL") == 0);
    EXPECT(weiquan_status_name(12, &name), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_status_name(-1, &name), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_status_name(0, NULL), WEIQUAN_NULL_POINTER, NULL);

    /* Before any failure: empty last error. */
    weiquan_status st = WEIQUAN_INTERNAL;
    EXPECT_OK(weiquan_last_error_status(&st));
    CHECK(st == WEIQUAN_OK);
    CHECK(strcmp(last_code(), "") == 0);
    CHECK(strcmp(last_details(), "[]") == 0);

    /* A failure fills every field; the accessors do not clear it. */
    weiquan_mobile m;
    EXPECT(weiquan_mobile_check(S("12345"), &m), WEIQUAN_INVALID, "mobile.format");
    EXPECT_OK(weiquan_last_error_status(&st));
    CHECK(st == WEIQUAN_INVALID);
    const char *text = NULL;
    size_t len = 0;
    EXPECT_OK(weiquan_last_error_message(&text, &len));
    /* The value is echoed masked (a mobile keeps its first and last digits). */
    CHECK(contains(text, "1***5") && !contains(text, "12345") && len == strlen(text));
    EXPECT_OK(weiquan_last_error_message_zh(&text, &len));
    CHECK(contains(text, "手机号码") && len == strlen(text));
    EXPECT_OK(weiquan_last_error_code(&text, &len));
    CHECK(strcmp(text, "mobile.format") == 0 && len == 13);
    EXPECT_OK(weiquan_last_error_pointer(&text, &len));
    CHECK(strcmp(text, "") == 0 && len == 0);
    EXPECT_OK(weiquan_last_error_details(&text, &len));
    CHECK(contains(text, "\"code\":\"mobile.format\"") && contains(text, "\"value\":\"1***5\""));
    EXPECT(weiquan_last_error_message(NULL, &len), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_last_error_message_zh(NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_last_error_code(NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_last_error_pointer(NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_last_error_details(NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_last_error_status(NULL), WEIQUAN_NULL_POINTER, NULL);
    /* The accessors' own failures do not replace the last error. */
    CHECK(strcmp(last_code(), "mobile.format") == 0);

    /* Freeing what the program holds does not clear it... */
    char *held = NULL;
    EXPECT_OK(weiquan_complaint_schema(&held, NULL));
    EXPECT(weiquan_mobile_check(S("12345"), &m), WEIQUAN_INVALID, "mobile.format");
    EXPECT_OK(weiquan_string_free(held));
    size_t live = 9;
    EXPECT_OK(weiquan_handle_count(&live));
    CHECK(strcmp(last_code(), "mobile.format") == 0);

    /* ...the next successful call does. */
    EXPECT_OK(weiquan_mobile_check(S("13800138000"), &m));
    EXPECT_OK(weiquan_last_error_status(&st));
    CHECK(st == WEIQUAN_OK);
    CHECK(strcmp(last_code(), "") == 0);
    CHECK(strcmp(last_message(), "") == 0);

    /* Text arguments: NULL, not UTF-8, a NUL byte, too long. */
    EXPECT(weiquan_mobile_check(NULL, 11, &m), WEIQUAN_NULL_POINTER, "ffi.null_pointer");
    CHECK(contains(last_message(), "`number`"));
    EXPECT(weiquan_mobile_check(S("1380013800\xff"), &m), WEIQUAN_INVALID_UTF8, "ffi.invalid_utf8");
    EXPECT(weiquan_mobile_check(S("1380013\0000"), &m), WEIQUAN_INVALID_UTF8, "ffi.nul_byte");
    EXPECT(weiquan_mobile_check("13800138000", WEIQUAN_MAX_SHORT_LEN + 1, &m), WEIQUAN_TOO_LONG,
           "ffi.too_long");
    EXPECT(weiquan_mobile_check(S("13800138000"), NULL), WEIQUAN_NULL_POINTER, NULL);

    /* Library strings: free once; a second free, a borrowed pointer or NULL are handled. */
    char *schema = NULL;
    size_t schema_len = 0;
    EXPECT_OK(weiquan_complaint_schema(&schema, &schema_len));
    CHECK(schema != NULL && strlen(schema) == schema_len);
    EXPECT_OK(weiquan_string_free(schema));
    EXPECT(weiquan_string_free(schema), WEIQUAN_INVALID_HANDLE, "ffi.not_a_library_string");
    EXPECT_OK(weiquan_string_free(NULL));
    EXPECT(weiquan_mobile_check(S("1"), &m), WEIQUAN_INVALID, NULL);
    const char *borrowed = NULL;
    EXPECT_OK(weiquan_last_error_message(&borrowed, NULL));
    EXPECT(weiquan_string_free((char *)borrowed), WEIQUAN_INVALID_HANDLE, NULL);
    char local[4] = "abc";
    EXPECT(weiquan_string_free(local), WEIQUAN_INVALID_HANDLE, NULL);

    /* A failed call leaves string out-parameters NULL and lengths 0. */
    char *out = (char *)1;
    size_t out_len = 99;
    EXPECT(weiquan_complaint_validate(S("{"), &out, &out_len), WEIQUAN_MALFORMED_JSON, "json.syntax");
    CHECK(out == NULL && out_len == 0);

    size_t handles = 99;
    EXPECT_OK(weiquan_handle_count(&handles));
    CHECK(handles == 0);
    EXPECT(weiquan_handle_count(NULL), WEIQUAN_NULL_POINTER, NULL);
    return harness_finish("test_errors");
}
