/* The case-state machine: open, apply, deadlines, report, summary, export and replay. */
#include "harness.h"

static const weiquan_date AS_OF = {2024, 5, 20};

int main(void) {
    weiquan_case *c = NULL;
    EXPECT_OK(weiquan_case_open(S("SJZ-2024-000123"), S("2024-05-10T09:30:00+08:00"),
                                S("\"market_regulation\""), &c));
    const char *state = NULL;
    size_t state_len = 0;
    EXPECT_OK(weiquan_case_state(c, &state, &state_len));
    CHECK(strcmp(state, "received") == 0 && state_len == 8);

    char *out = NULL;
    size_t len = 0;
    EXPECT_OK(weiquan_case_apply(c, NULL,
        S("{\"at\":\"2024-05-14T10:00:00+08:00\",\"actor\":\"handler\",\"event\":\"accepted\"}"), &out, &len));
    CHECK(contains(out, "\"from\":\"received\"") && contains(out, "\"to\":\"accepted\"") && contains(out, "\"seq\":2"));
    FREE_STR(out);
    EXPECT_OK(weiquan_case_state(c, &state, NULL));
    CHECK(strcmp(state, "accepted") == 0);

    /* Refused by the state machine: the case is unchanged. */
    EXPECT(weiquan_case_apply(c, NULL,
        S("{\"at\":\"2024-05-14T11:00:00+08:00\",\"actor\":\"handler\",\"event\":\"closed\"}"), &out, &len),
        WEIQUAN_REJECTED, "caseflow.illegal_transition");
    CHECK(out == NULL && len == 0);
    EXPECT(weiquan_case_apply(c, NULL,
        S("{\"at\":\"2024-05-13T11:00:00+08:00\",\"actor\":\"handler\",\"event\":\"accepted\"}"), &out, NULL),
        WEIQUAN_REJECTED, NULL);
    EXPECT(weiquan_case_apply(c, NULL, S("{\"at\":\"yesterday\"}"), &out, NULL), WEIQUAN_MALFORMED_JSON, "json.syntax");
    EXPECT(weiquan_case_apply(c, NULL, S("{"), &out, NULL), WEIQUAN_MALFORMED_JSON, NULL);
    EXPECT(weiquan_case_apply(c, NULL, NULL, 0, &out, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_apply(c, NULL, S("{}"), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT_OK(weiquan_case_state(c, &state, NULL));
    CHECK(strcmp(state, "accepted") == 0);

    /* Deadlines, report and summary as of a date, with the default or an explicit calendar. */
    EXPECT_OK(weiquan_case_deadlines(c, NULL, AS_OF, &out, &len));
    CHECK(out != NULL && out[0] == '[' && contains(out, "\"status\":\"pending\""));
    char *with_cal = NULL;
    weiquan_calendar *cal = NULL;
    EXPECT_OK(weiquan_calendar_new(&cal));
    EXPECT_OK(weiquan_case_deadlines(c, cal, AS_OF, &with_cal, NULL));
    CHECK(out != NULL && with_cal != NULL && strcmp(out, with_cal) == 0);
    FREE_STR(with_cal);
    FREE_STR(out);
    EXPECT(weiquan_case_deadlines(c, NULL, ((weiquan_date){2024, 2, 30}), &out, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT_OK(weiquan_case_report(c, NULL, AS_OF, &out, NULL));
    CHECK(contains(out, "\"schema_version\":1") && contains(out, "\"complaint_id\":\"SJZ-2024-000123\""));
    CHECK(contains(out, "\"state\":\"accepted\"") && contains(out, "\"history\":["));
    FREE_STR(out);
    EXPECT_OK(weiquan_case_summary(c, NULL, AS_OF, &out, NULL));
    CHECK(contains(out, "\"events\":2"));
    FREE_STR(out);
    EXPECT_OK(weiquan_case_elapsed_events(c, NULL, AS_OF, &out, NULL));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    FREE_STR(out);

    /* Far in the future every deadline has passed: advance records them. */
    weiquan_date late = {2024, 12, 31};
    EXPECT_OK(weiquan_case_elapsed_events(c, NULL, late, &out, NULL));
    CHECK(contains(out, "deadline_elapsed"));
    FREE_STR(out);
    weiquan_case *copy = NULL;
    char *log = NULL;
    size_t log_len = 0;
    EXPECT_OK(weiquan_case_export_log(c, &log, &log_len));
    EXPECT_OK(weiquan_case_advance_to(c, NULL, late, &out, NULL));
    CHECK(contains(out, "\"seq\":3"));
    FREE_STR(out);
    EXPECT_OK(weiquan_case_elapsed_events(c, NULL, late, &out, NULL));
    CHECK(out != NULL && strcmp(out, "[]") == 0);
    FREE_STR(out);

    /* The exported log replays to the same case; a tampered one is refused. */
    CHECK(log != NULL && log_len == strlen(log));
    EXPECT_OK(weiquan_case_replay(log, log_len, NULL, &copy));
    char *report_a = NULL, *report_b = NULL, *log_b = NULL;
    EXPECT_OK(weiquan_case_export_log(copy, &log_b, NULL));
    CHECK(log != NULL && log_b != NULL && strcmp(log, log_b) == 0);
    EXPECT_OK(weiquan_case_report(copy, NULL, AS_OF, &report_a, NULL));
    EXPECT_OK(weiquan_case_report(copy, NULL, AS_OF, &report_b, NULL));
    CHECK(report_a != NULL && report_b != NULL && strcmp(report_a, report_b) == 0);
    FREE_STR(report_a);
    FREE_STR(report_b);
    FREE_STR(log_b);
    EXPECT_OK(weiquan_case_free(copy));
    char *tampered = malloc(log_len + 1);
    memcpy(tampered, log, log_len + 1);
    char *at = strstr(tampered, "2024-05-14T10:00:00");
    CHECK(at != NULL);
    if (at != NULL) at[12] = '1'; /* 10:00 -> 11:00 */
    EXPECT(weiquan_case_replay(tampered, log_len, NULL, &copy), WEIQUAN_REJECTED, "caseflow.log.altered");
    CHECK(copy == NULL && contains(last_message(), "line 2"));
    free(tampered);
    EXPECT(weiquan_case_replay(S("not json\n"), NULL, &copy), WEIQUAN_MALFORMED_JSON, "caseflow.log.syntax");
    EXPECT(weiquan_case_replay(S(""), NULL, &copy), WEIQUAN_REJECTED, "caseflow.log.empty");
    EXPECT(weiquan_case_replay(NULL, 0, NULL, &copy), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_replay(log, log_len, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);

    /* Replay with options: the state on a day, a torn tail recovered, a head kept elsewhere. */
    char *rep = NULL;
    size_t rep_len = 0;
    EXPECT_OK(weiquan_case_replay_with(log, log_len, NULL, NULL, 0, S("{\"as_of\":\"2024-05-12\"}"), &copy, &rep, &rep_len));
    EXPECT_OK(weiquan_case_state(copy, &state, NULL));
    CHECK(strcmp(state, "received") == 0);
    CHECK(contains(rep, "\"entries\":2") && contains(rep, "\"later\":1") && contains(rep, "\"torn\":null"));
    char head[65] = {0};
    const char *h = strstr(rep, "\"head\":\"");
    CHECK(h != NULL);
    if (h != NULL) memcpy(head, h + 8, 64);
    FREE_STR(rep);
    EXPECT_OK(weiquan_case_free(copy));
    char opts[160];
    snprintf(opts, sizeof opts, "{\"expect_head\":\"%s\"}", head);
    EXPECT_OK(weiquan_case_replay_with(log, log_len, NULL, NULL, 0, opts, strlen(opts), &copy, &rep, NULL));
    FREE_STR(rep);
    EXPECT_OK(weiquan_case_free(copy));
    head[0] = head[0] == '0' ? '1' : '0';
    snprintf(opts, sizeof opts, "{\"expect_head\":\"%s\"}", head);
    EXPECT(weiquan_case_replay_with(log, log_len, NULL, NULL, 0, opts, strlen(opts), &copy, &rep, NULL), WEIQUAN_REJECTED, "caseflow.log.head_mismatch");
    CHECK(copy == NULL && rep == NULL);
    /* A crash mid-write: the last line cut short. Refused, then recovered on request. */
    size_t torn_len = log_len - 20;
    EXPECT(weiquan_case_replay_with(log, torn_len, NULL, NULL, 0, NULL, 0, &copy, &rep, NULL), WEIQUAN_MALFORMED_JSON, "caseflow.log.torn");
    EXPECT_OK(weiquan_case_replay_with(log, torn_len, NULL, NULL, 0, S("{\"recover\":true}"), &copy, &rep, NULL));
    CHECK(contains(rep, "\"entries\":1") && contains(rep, "\"line\":2") && contains(rep, "\"valid_bytes\":"));
    FREE_STR(rep);
    EXPECT_OK(weiquan_case_free(copy));
    EXPECT(weiquan_case_replay_with(log, log_len, NULL, NULL, 0, S("{\"recover\":1}"), &copy, &rep, NULL), WEIQUAN_MALFORMED_JSON, NULL);
    EXPECT(weiquan_case_replay_with(log, log_len, NULL, NULL, 0, S("{\"asof\":\"2024-05-12\"}"), &copy, &rep, NULL), WEIQUAN_MALFORMED_JSON, NULL);
    /* A keyed log: sealed and read back with the key; without it, or with another, refused. */
    const char *key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    const char *other = "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    char *keyed = NULL;
    size_t keyed_len = 0;
    EXPECT_OK(weiquan_case_export_log_keyed(c, key, strlen(key), &keyed, &keyed_len));
    CHECK(contains(keyed, "\"hmac\":") && !contains(keyed, "\"hash\":"));
    EXPECT_OK(weiquan_case_replay_with(keyed, keyed_len, NULL, key, strlen(key), NULL, 0, &copy, &rep, NULL));
    CHECK(contains(rep, "\"later\":0") && contains(rep, "\"torn\":null"));
    FREE_STR(rep);
    EXPECT_OK(weiquan_case_state(copy, &state, NULL));
    const char *live = NULL;
    EXPECT_OK(weiquan_case_state(c, &live, NULL));
    CHECK(strcmp(state, live) == 0);
    EXPECT_OK(weiquan_case_free(copy));
    EXPECT(weiquan_case_replay_with(keyed, keyed_len, NULL, other, strlen(other), NULL, 0, &copy, &rep, NULL), WEIQUAN_REJECTED, NULL);
    EXPECT(weiquan_case_replay_with(log, log_len, NULL, key, strlen(key), NULL, 0, &copy, &rep, NULL), WEIQUAN_REJECTED, "caseflow.log.unkeyed");
    EXPECT(weiquan_case_replay_with(keyed, keyed_len, NULL, NULL, 0, NULL, 0, &copy, &rep, NULL), WEIQUAN_REJECTED, "caseflow.log.key_required");
    EXPECT(weiquan_case_export_log_keyed(c, S("abc"), &keyed, NULL), WEIQUAN_INVALID, NULL);
    EXPECT(weiquan_case_export_log_keyed(c, NULL, 0, &keyed, NULL), WEIQUAN_NULL_POINTER, NULL);
    FREE_STR(keyed);
    FREE_STR(log);

    /* Opening: bad instants, selections, ids and dates. */
    weiquan_case *d = NULL;
    EXPECT(weiquan_case_open(S("C-1"), S("2024-05-10 09:30"), S("\"market_regulation\""), &d), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_case_open(S("C-1"), S("2024-05-10T09:30:00+08:00"), S("\"bureau\""), &d), WEIQUAN_MALFORMED_JSON, NULL);
    EXPECT(weiquan_case_open(S(""), S("2024-05-10T09:30:00+08:00"), S("\"market_regulation\""), &d), WEIQUAN_INVALID, "caseflow.complaint_id");
    EXPECT(weiquan_case_open(S("C-1"), S("2019-05-10T09:30:00+08:00"), S("\"market_regulation\""), &d), WEIQUAN_REJECTED, NULL);
    EXPECT(weiquan_case_open(NULL, 1, S("2024-05-10T09:30:00+08:00"), S("\"market_regulation\""), &d), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_open(S("C-1"), S("2024-05-10T09:30:00+08:00"), S("\"market_regulation\""), NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT_OK(weiquan_case_open(S("C-1"), S("2024-05-10T09:30:00+08:00"), S("{\"exact\":\"samr_order_20\"}"), &d));
    EXPECT_OK(weiquan_case_free(d));
    /* The spelling the header of 0.1.0 documented opens the same procedure. */
    EXPECT_OK(weiquan_case_open(S("C-1"), S("2024-05-10T09:30:00+08:00"), S("{\"exact\":\"samr_order20\"}"), &d));
    char *report = NULL;
    EXPECT_OK(weiquan_case_report(d, NULL, (weiquan_date){2024, 5, 10}, &report, NULL));
    CHECK(contains(report, "\"procedure\":\"samr_order_20\""));
    FREE_STR(report);
    EXPECT_OK(weiquan_case_free(d));
    EXPECT_OK(weiquan_case_open(S("C-1"), S("2026-05-10T09:30:00+08:00"), S("{\"exact\":\"samr_order121\"}"), &d));
    EXPECT_OK(weiquan_case_free(d));
    /* An alias is still a procedure that must be in force on the receipt date. */
    EXPECT(weiquan_case_open(S("C-1"), S("2026-05-10T09:30:00+08:00"), S("{\"exact\":\"samr_order20\"}"), &d), WEIQUAN_REJECTED, "caseflow.procedure_not_in_force");
    EXPECT(weiquan_case_open(S("C-1"), S("2024-05-10T09:30:00+08:00"), S("{\"exact\":\"samr_order_2\"}"), &d), WEIQUAN_MALFORMED_JSON, "json.syntax");
    CHECK(d == NULL);

    size_t clen = 0;
    char *complaint = sample_complaint(&clen);
    EXPECT_OK(weiquan_case_open_complaint(complaint, clen, S("\"consumer_association\""), &d));
    EXPECT_OK(weiquan_case_free(d));
    EXPECT(weiquan_case_open_complaint(S("{}"), S("\"consumer_association\""), &d), WEIQUAN_INVALID, "field.required");
    EXPECT(weiquan_case_open_complaint(NULL, 0, S("\"consumer_association\""), &d), WEIQUAN_NULL_POINTER, NULL);
    FREE_STR(complaint);

    EXPECT_OK(weiquan_case_open_event(S("{\"at\":\"2024-05-10T09:30:00+08:00\",\"actor\":\"system\",\"event\":{\"received\":{\"complaint_id\":\"C-2\",\"procedure\":\"samr_order_20\",\"policy\":{\"civil_code_art_203\":true,\"testing_stops_clock\":true,\"recusal_stops_clock\":true,\"limits\":{}}}}}"), &d));
    EXPECT_OK(weiquan_case_free(d));
    EXPECT(weiquan_case_open_event(S("{\"at\":\"2024-05-10T09:30:00+08:00\",\"actor\":\"handler\",\"event\":\"accepted\"}"), &d), WEIQUAN_REJECTED, NULL);
    EXPECT(weiquan_case_open_event(S("[1]"), &d), WEIQUAN_MALFORMED_JSON, NULL);
    EXPECT(weiquan_case_open_event(NULL, 0, &d), WEIQUAN_NULL_POINTER, NULL);

    char *schema = NULL;
    EXPECT_OK(weiquan_case_log_schema(&schema, &len));
    CHECK(contains(schema, "$schema") && strlen(schema) == len);
    FREE_STR(schema);
    EXPECT(weiquan_case_log_schema(NULL, NULL), WEIQUAN_NULL_POINTER, NULL);

    /* Handles: every accessor refuses a freed or foreign handle. */
    EXPECT(weiquan_case_state(c, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_export_log(c, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_report(c, NULL, AS_OF, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_summary(c, NULL, AS_OF, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_deadlines(c, NULL, AS_OF, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_elapsed_events(c, NULL, AS_OF, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_advance_to(c, NULL, AS_OF, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_case_deadlines(c, (const weiquan_calendar *)c, AS_OF, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT_OK(weiquan_case_free(c));
    EXPECT(weiquan_case_state(c, &state, NULL), WEIQUAN_INVALID_HANDLE, "ffi.invalid_handle");
    EXPECT(weiquan_case_apply(c, NULL, S("{}"), &out, NULL), WEIQUAN_MALFORMED_JSON, NULL);
    EXPECT(weiquan_case_apply(c, NULL, S("{\"at\":\"2024-05-14T10:00:00+08:00\",\"actor\":\"handler\",\"event\":\"accepted\"}"), &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_case_report(c, NULL, AS_OF, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_case_summary(c, NULL, AS_OF, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_case_deadlines(c, NULL, AS_OF, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_case_elapsed_events(c, NULL, AS_OF, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_case_advance_to(c, NULL, AS_OF, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_case_export_log(c, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_case_free(c), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT_OK(weiquan_case_free(NULL));
    EXPECT_OK(weiquan_calendar_free(cal));
    return harness_finish("test_case");
}
