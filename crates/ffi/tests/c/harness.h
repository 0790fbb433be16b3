/* A minimal test harness for the C tests of libweiquan: every check prints what failed and
 * where, and the program exits 1 at the end if any failed. Run under valgrind by
 * `cargo xtask ci`. */
#ifndef WEIQUAN_TEST_HARNESS_H
#define WEIQUAN_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weiquan.h"

static int harness_failures = 0;
static int harness_checks = 0;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        harness_checks++;                                                                \
        if (!(cond)) {                                                                   \
            harness_failures++;                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                \
    } while (0)

/* Text literal as (pointer, length). */
#define S(lit) (lit), (sizeof(lit) - 1)

static inline const char *last_code(void) {
    const char *code = NULL;
    if (weiquan_last_error_code(&code, NULL) != WEIQUAN_OK) return "<accessor failed>";
    return code;
}

static inline const char *last_pointer(void) {
    const char *p = NULL;
    if (weiquan_last_error_pointer(&p, NULL) != WEIQUAN_OK) return "<accessor failed>";
    return p;
}

static inline const char *last_message(void) {
    const char *m = NULL;
    if (weiquan_last_error_message(&m, NULL) != WEIQUAN_OK) return "<accessor failed>";
    return m;
}

static inline const char *last_details(void) {
    const char *d = NULL;
    if (weiquan_last_error_details(&d, NULL) != WEIQUAN_OK) return "<accessor failed>";
    return d;
}

static inline const char *or_empty(const char *s) { return s != NULL ? s : ""; }

/* Whether the last error's code is `expected` (any code when `expected` is NULL). */
static inline int code_is(const char *expected) {
    return expected == NULL || strcmp(last_code(), expected) == 0;
}

/* Checks that a call returned `expected` and, when `code` is not NULL, that the last error
 * has that code. Prints the last error when it does not. */
#define EXPECT(call, expected, code)                                                     \
    do {                                                                                 \
        weiquan_status harness_got = (call);                                             \
        harness_checks++;                                                                \
        if (harness_got != (expected) || !code_is(code)) {                               \
            const char *harness_name = "?";                                              \
            weiquan_status_name((int32_t)harness_got, &harness_name);                    \
            harness_failures++;                                                          \
            fprintf(stderr, "%s:%d: %s returned %s [%s] %s; expected %d [%s]\n",         \
                    __FILE__, __LINE__, #call, harness_name, last_code(),                \
                    last_message(), (int)(expected),                                     \
                    or_empty(code));                                                     \
        }                                                                                \
    } while (0)

#define EXPECT_OK(call) EXPECT(call, WEIQUAN_OK, NULL)

/* Frees a library string, checking the free succeeded. */
#define FREE_STR(s)                                                                      \
    do {                                                                                 \
        EXPECT_OK(weiquan_string_free(s));                                               \
        (s) = NULL;                                                                      \
    } while (0)

static inline int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* At the end: every handle freed, then the verdict. */
static inline int harness_finish(const char *name) {
    size_t live = 999;
    EXPECT_OK(weiquan_handle_count(&live));
    CHECK(live == 0);
    if (harness_failures) {
        fprintf(stderr, "%s: %d of %d checks failed\n", name, harness_failures, harness_checks);
        return 1;
    }
    printf("%s: %d checks passed\n", name, harness_checks);
    return 0;
}

/* The first complaint of seed 1, without its newline: a valid complaint document. */
static inline char *sample_complaint(size_t *len) {
    char *text = NULL;
    size_t n = 0;
    if (weiquan_complaint_generate(1, 1, 0, &text, &n) != WEIQUAN_OK || n == 0) return NULL;
    text[n - 1] = '\0'; /* the trailing newline */
    *len = n - 1;
    return text;
}

#endif
