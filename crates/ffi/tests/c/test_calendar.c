/* The working-day calendar handle. */
#include "harness.h"

static weiquan_date D(int y, unsigned m, unsigned d) {
    weiquan_date x = {y, m, d};
    return x;
}

int main(void) {
    weiquan_calendar *cal = NULL;
    EXPECT_OK(weiquan_calendar_new(&cal));
    CHECK(cal != NULL);

    weiquan_calendar_info info;
    EXPECT_OK(weiquan_calendar_info_get(cal, &info));
    CHECK(info.first_year == 2019 && info.last_year == 2026 && !info.provisional);
    CHECK(info.adjusted_workdays == WEIQUAN_ADJUSTED_WORKDAYS_COUNT);

    /* "Within 7 working days" of Friday 2025-01-24: the Spring Festival break and the
     * working Sunday 2025-01-26 give 2025-02-10. */
    weiquan_date due;
    bool provisional = true;
    EXPECT_OK(weiquan_calendar_add_working_days(cal, D(2025, 1, 24), 7, &due, &provisional));
    CHECK(due.year == 2025 && due.month == 2 && due.day == 10 && !provisional);
    EXPECT_OK(weiquan_calendar_add_working_days(cal, D(2025, 1, 24), 7, &due, NULL));
    uint32_t n = 0;
    EXPECT_OK(weiquan_calendar_working_days_between(cal, D(2025, 1, 24), D(2025, 2, 10), &n, &provisional));
    CHECK(n == 7);
    bool working = true;
    EXPECT_OK(weiquan_calendar_is_working_day(cal, D(2025, 1, 28), &working, &provisional));
    CHECK(!working);
    EXPECT_OK(weiquan_calendar_is_working_day(cal, D(2025, 1, 26), &working, NULL));
    CHECK(working);
    EXPECT_OK(weiquan_calendar_next_working_day(cal, D(2025, 1, 27), &due, NULL));
    CHECK(due.month == 2 && due.day == 5);
    EXPECT_OK(weiquan_calendar_roll_to_working_day(cal, D(2025, 2, 1), &due, NULL));
    CHECK(due.month == 2 && due.day == 5);
    EXPECT_OK(weiquan_calendar_roll_to_working_day(cal, D(2025, 2, 5), &due, NULL));
    CHECK(due.month == 2 && due.day == 5);

    char *json = NULL;
    size_t len = 0;
    EXPECT_OK(weiquan_calendar_day(cal, D(2025, 1, 29), &json, &len));
    CHECK(contains(json, "\"kind\":\"holiday\"") && contains(json, "\"working\":false"));
    FREE_STR(json);

    /* No data for 2027: out of range, unless the provisional calendar is opted in. */
    EXPECT(weiquan_calendar_is_working_day(cal, D(2027, 3, 1), &working, &provisional),
           WEIQUAN_OUT_OF_RANGE, "calendar.out_of_coverage");
    EXPECT(weiquan_calendar_add_working_days(cal, D(2026, 12, 28), 10, &due, NULL),
           WEIQUAN_OUT_OF_RANGE, "calendar.out_of_coverage");
    EXPECT(weiquan_calendar_day(cal, D(2027, 3, 1), &json, NULL), WEIQUAN_OUT_OF_RANGE, NULL);
    CHECK(json == NULL);
    weiquan_calendar *prov = NULL;
    EXPECT_OK(weiquan_calendar_with_provisional(cal, &prov));
    EXPECT_OK(weiquan_calendar_is_working_day(prov, D(2027, 3, 1), &working, &provisional));
    CHECK(working && provisional);
    EXPECT_OK(weiquan_calendar_info_get(prov, &info));
    CHECK(info.provisional && info.provisional_first_year == 2027);

    /* Adjusted working days skipped: the working Sunday is a rest day. */
    weiquan_calendar *skip = NULL;
    EXPECT_OK(weiquan_calendar_with_adjusted_workdays(cal, WEIQUAN_ADJUSTED_WORKDAYS_SKIP, &skip));
    EXPECT_OK(weiquan_calendar_is_working_day(skip, D(2025, 1, 26), &working, NULL));
    CHECK(!working);
    weiquan_calendar *other = (weiquan_calendar *)&info;
    EXPECT(weiquan_calendar_with_adjusted_workdays(cal, 7, &other), WEIQUAN_INVALID_ARGUMENT, NULL);
    CHECK(other == NULL);

    /* Loading years: a good file, a bad one with every problem, a missing file. */
    static char csv[4096];
    FILE *f = fopen("crates/ffi/tests/data/holidays_2027.csv", "rb");
    CHECK(f != NULL);
    size_t csv_len = f != NULL ? fread(csv, 1, sizeof csv - 1, f) : 0;
    if (f != NULL) fclose(f);
    CHECK(csv_len > 100);
    weiquan_calendar *more = NULL;
    EXPECT_OK(weiquan_calendar_with_csv(cal, csv, csv_len, &more));
    EXPECT_OK(weiquan_calendar_is_working_day(more, D(2027, 2, 20), &working, &provisional));
    CHECK(working && !provisional);
    EXPECT_OK(weiquan_calendar_info_get(more, &info));
    CHECK(info.first_year == 2019 && info.last_year == 2027);
    EXPECT_OK(weiquan_calendar_free(more));
    EXPECT_OK(weiquan_calendar_with_csv_file(cal, S("crates/ffi/tests/data/holidays_2027.csv"), &more));
    EXPECT_OK(weiquan_calendar_is_working_day(more, D(2027, 2, 12), &working, &provisional));
    CHECK(!working && !provisional);
    EXPECT_OK(weiquan_calendar_free(more));
    const char *bad = "date,kind,name\n2027-02-30,holiday,春节\n2027-01-02,party,x\n";
    EXPECT(weiquan_calendar_with_csv(cal, bad, strlen(bad), &more), WEIQUAN_INVALID, "calendar.invalid_csv");
    CHECK(more == NULL);
    CHECK(contains(last_details(), "\"pointer\":\"/2/date\""));
    CHECK(contains(last_details(), "\"pointer\":\"/3/kind\""));
    EXPECT(weiquan_calendar_from_csv(bad, strlen(bad), &more), WEIQUAN_INVALID, "calendar.invalid_csv");
    EXPECT_OK(weiquan_calendar_from_csv(csv, csv_len, &more));
    EXPECT(weiquan_calendar_is_working_day(more, D(2025, 1, 2), &working, NULL), WEIQUAN_OUT_OF_RANGE, NULL);
    EXPECT_OK(weiquan_calendar_free(more));
    EXPECT(weiquan_calendar_with_csv_file(cal, S("/nonexistent/holidays.csv"), &more), WEIQUAN_IO, "io.read");
    EXPECT(weiquan_calendar_with_csv_file(cal, NULL, 3, &more), WEIQUAN_NULL_POINTER, NULL);

    /* Argument errors. */
    EXPECT(weiquan_calendar_is_working_day(cal, D(2025, 2, 29), &working, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_calendar_is_working_day(cal, D(2025, 13, 1), &working, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_calendar_working_days_between(cal, D(2025, 1, 1), D(2025, 1, 0), &n, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_calendar_is_working_day(cal, D(2025, 1, 2), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_add_working_days(cal, D(2025, 1, 2), 1, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_next_working_day(cal, D(2025, 1, 2), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_roll_to_working_day(cal, D(2025, 1, 2), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_working_days_between(cal, D(2025, 1, 2), D(2025, 1, 3), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_day(cal, D(2025, 1, 2), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_info_get(cal, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_new(NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_with_provisional(cal, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_with_csv(cal, NULL, 0, &more), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_calendar_from_csv(NULL, 0, &more), WEIQUAN_NULL_POINTER, NULL);

    /* Handles: NULL, another type, made up, freed (detected, never dereferenced). */
    EXPECT(weiquan_calendar_is_working_day(NULL, D(2025, 1, 2), &working, NULL), WEIQUAN_INVALID_HANDLE, "ffi.invalid_handle");
    weiquan_router *router = NULL;
    EXPECT_OK(weiquan_router_new(&router));
    EXPECT(weiquan_calendar_is_working_day((const weiquan_calendar *)router, D(2025, 1, 2), &working, NULL),
           WEIQUAN_INVALID_HANDLE, "ffi.invalid_handle");
    CHECK(contains(last_message(), "weiquan_router"));
    EXPECT(weiquan_calendar_free((weiquan_calendar *)router), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT_OK(weiquan_router_free(router));
    EXPECT(weiquan_calendar_is_working_day((const weiquan_calendar *)(uintptr_t)0xdeadbeef, D(2025, 1, 2), &working, NULL),
           WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT_OK(weiquan_calendar_free(skip));
    EXPECT_OK(weiquan_calendar_free(prov));
    EXPECT(weiquan_calendar_is_working_day(prov, D(2025, 1, 2), &working, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    CHECK(contains(last_message(), "already freed"));
    EXPECT(weiquan_calendar_free(prov), WEIQUAN_INVALID_HANDLE, "ffi.invalid_handle");
    EXPECT_OK(weiquan_calendar_free(NULL));
    EXPECT_OK(weiquan_calendar_free(cal));
    return harness_finish("test_calendar");
}
