/* Handles shared between threads, and the last error kept per thread. */
#include <pthread.h>

#include "harness.h"

#define THREADS 4
#define ROUNDS 10

static weiquan_router *router;
static weiquan_calendar *calendar;
static weiquan_case *shared_case;
static char *complaint;
static size_t complaint_len;
static char *expected_route;

struct result {
    int failures;
};

static void *work(void *arg) {
    struct result *res = arg;
    for (int i = 0; i < ROUNDS; i++) {
        char *out = NULL;
        if (weiquan_router_route(router, complaint, complaint_len, NULL, 0, &out, NULL) != WEIQUAN_OK ||
            strcmp(out, expected_route) != 0)
            res->failures++;
        weiquan_string_free(out);
        weiquan_date due;
        weiquan_date start = {2025, 1, 24};
        if (weiquan_calendar_add_working_days(calendar, start, 7, &due, NULL) != WEIQUAN_OK || due.day != 10)
            res->failures++;
        /* Reads of one mutable case from every thread are serialised inside the library. */
        weiquan_date as_of = {2024, 5, 20};
        if (weiquan_case_summary(shared_case, NULL, as_of, &out, NULL) != WEIQUAN_OK) res->failures++;
        weiquan_string_free(out);
        /* This thread's own failure stays this thread's last error. */
        weiquan_mobile m;
        if (weiquan_mobile_check("1", 1, &m) != WEIQUAN_INVALID) res->failures++;
        const char *code = NULL;
        weiquan_last_error_code(&code, NULL);
        if (strcmp(code, "mobile.format") != 0) res->failures++;
    }
    return NULL;
}

int main(void) {
    EXPECT_OK(weiquan_router_new(&router));
    EXPECT_OK(weiquan_calendar_new(&calendar));
    EXPECT_OK(weiquan_case_open(S("T-1"), S("2024-05-10T09:30:00+08:00"), S("\"market_regulation\""), &shared_case));
    complaint = sample_complaint(&complaint_len);
    EXPECT_OK(weiquan_router_route(router, complaint, complaint_len, NULL, 0, &expected_route, NULL));

    /* A failure on the main thread... */
    weiquan_uscc u;
    EXPECT(weiquan_uscc_check(S("x"), 0, &u), WEIQUAN_INVALID, "uscc.length");

    pthread_t threads[THREADS];
    struct result results[THREADS];
    for (int t = 0; t < THREADS; t++) {
        results[t].failures = 0;
        CHECK(pthread_create(&threads[t], NULL, work, &results[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        CHECK(pthread_join(threads[t], NULL) == 0);
        CHECK(results[t].failures == 0);
    }
    /* ...is still the main thread's last error after the others failed differently. */
    CHECK(strcmp(last_code(), "uscc.length") == 0);

    FREE_STR(expected_route);
    FREE_STR(complaint);
    EXPECT_OK(weiquan_case_free(shared_case));
    EXPECT_OK(weiquan_calendar_free(calendar));
    EXPECT_OK(weiquan_router_free(router));
    return harness_finish("test_threads");
}
