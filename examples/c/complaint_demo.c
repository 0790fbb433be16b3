/*
 * complaint_demo.c: one complaint through libweiquan from C.
 *
 * Validates a complaint (the first line of FILE, or a generated one), routes it with the
 * embedded Shijiazhuang ruleset, opens its case and accepts it, lists the deadlines, and
 * assesses the claim it implies. Every failure prints the library's last error.
 *
 *   gcc -std=c11 complaint_demo.c $(pkg-config --cflags --libs weiquan) -o complaint_demo
 *   ./complaint_demo [complaint.json]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weiquan.h"

/* Prints the last error of this thread after `what` failed with `status`; returns 1. */
static int fail(const char *what, weiquan_status status) {
    const char *name = "?", *code = "", *message = "", *pointer = "";
    weiquan_status_name((int32_t)status, &name);
    weiquan_last_error_code(&code, NULL);
    weiquan_last_error_message(&message, NULL);
    weiquan_last_error_pointer(&pointer, NULL);
    fprintf(stderr, "%s failed: %s [%s] %s%s%s\n", what, name, code, message,
            pointer[0] ? " at " : "", pointer);
    return 1;
}

/* Reads the first line of a file into a malloc'ed string. */
static char *read_first_line(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    if (buf != NULL && fgets(buf, (int)cap, f) != NULL) {
        *len = strcspn(buf, "\r\n");
        buf[*len] = '\0';
    } else {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

int main(int argc, char **argv) {
    if (weiquan_abi_version() / 1000000 != WEIQUAN_VERSION_MAJOR) {
        fprintf(stderr, "libweiquan %u does not match the header %d\n", weiquan_abi_version(),
                WEIQUAN_ABI_VERSION);
        return 1;
    }
    weiquan_status st;
    int rc = 1;
    char *input = NULL, *complaint = NULL, *decision = NULL, *transition = NULL;
    char *deadlines = NULL, *claim = NULL, *assessment = NULL;
    size_t input_len = 0, complaint_len = 0;
    weiquan_router *router = NULL;
    weiquan_case *kase = NULL;
    weiquan_calendar *calendar = NULL;
    weiquan_assessor *assessor = NULL;

    /* 1. The complaint: from a file, or the library's synthetic sample. */
    if (argc > 1) {
        input = read_first_line(argv[1], &input_len);
        if (input == NULL) {
            fprintf(stderr, "cannot read %s\n", argv[1]);
            return 1;
        }
        st = WEIQUAN_OK;
    } else {
        char *generated = NULL;
        size_t generated_len = 0;
        st = weiquan_complaint_generate(2026, 1, 0, &generated, &generated_len);
        if (st != WEIQUAN_OK) return fail("weiquan_complaint_generate", st);
        input = malloc(generated_len + 1);
        memcpy(input, generated, generated_len + 1);
        input_len = generated_len - 1; /* without the newline */
        input[input_len] = '\0';
        weiquan_string_free(generated);
    }

    /* 2. Validate and normalise. */
    if ((st = weiquan_complaint_validate(input, input_len, &complaint, &complaint_len)) != WEIQUAN_OK) {
        fail("weiquan_complaint_validate", st);
        const char *details = "[]";
        weiquan_last_error_details(&details, NULL);
        fprintf(stderr, "every problem: %s\n", details);
        goto done;
    }
    printf("valid complaint, %zu bytes normalised\n", complaint_len);

    /* 3. Route it. */
    if ((st = weiquan_router_new(&router)) != WEIQUAN_OK) { fail("weiquan_router_new", st); goto done; }
    if ((st = weiquan_router_route(router, complaint, complaint_len, NULL, 0, &decision, NULL)) != WEIQUAN_OK) {
        fail("weiquan_router_route", st);
        goto done;
    }
    printf("routing decision: %.200s...\n", decision);

    /* 4. Open the case and accept it the next working day. */
    if ((st = weiquan_case_open_complaint(complaint, complaint_len, "\"market_regulation\"", 19, &kase)) != WEIQUAN_OK) {
        fail("weiquan_case_open_complaint", st);
        goto done;
    }
    if ((st = weiquan_calendar_new(&calendar)) != WEIQUAN_OK) { fail("weiquan_calendar_new", st); goto done; }
    char *report = NULL;
    weiquan_date today = {2026, 12, 31};
    if ((st = weiquan_case_report(kase, calendar, today, &report, NULL)) != WEIQUAN_OK) {
        fail("weiquan_case_report", st);
        goto done;
    }
    /* The received instant, read from the report ("received_on":"YYYY-MM-DD"). */
    const char *on = strstr(report, "\"received_on\":\"");
    weiquan_date received = {0, 0, 0};
    if (on != NULL) sscanf(on + 15, "%d-%u-%u", &received.year, &received.month, &received.day);
    weiquan_string_free(report);
    weiquan_date accept_on;
    if ((st = weiquan_calendar_next_working_day(calendar, received, &accept_on, NULL)) != WEIQUAN_OK) {
        fail("weiquan_calendar_next_working_day", st);
        goto done;
    }
    char event[160];
    int event_len = snprintf(event, sizeof event,
        "{\"at\":\"%04d-%02u-%02uT16:00:00+08:00\",\"actor\":\"handler\",\"event\":\"accepted\"}",
        accept_on.year, accept_on.month, accept_on.day);
    if ((st = weiquan_case_apply(kase, calendar, event, (size_t)event_len, &transition, NULL)) != WEIQUAN_OK) {
        fail("weiquan_case_apply", st);
        goto done;
    }
    printf("transition: %s\n", transition);
    if ((st = weiquan_case_deadlines(kase, calendar, accept_on, &deadlines, NULL)) != WEIQUAN_OK) {
        fail("weiquan_case_deadlines", st);
        goto done;
    }
    printf("deadlines: %s\n", deadlines);

    /* 5. What the consumer may claim, before any findings. */
    if ((st = weiquan_claim_from_complaint(complaint, complaint_len, &claim, NULL)) != WEIQUAN_OK) {
        fail("weiquan_claim_from_complaint", st);
        goto done;
    }
    if ((st = weiquan_assessor_new(NULL, 0, calendar, &assessor)) != WEIQUAN_OK) { fail("weiquan_assessor_new", st); goto done; }
    if ((st = weiquan_assessor_assess(assessor, claim, strlen(claim), &assessment, NULL)) != WEIQUAN_OK) {
        fail("weiquan_assessor_assess", st);
        goto done;
    }
    printf("assessment: %.200s...\n", assessment);
    rc = 0;

done:
    /* Library strings go back to the library; handles to their _free. */
    weiquan_string_free(assessment);
    weiquan_string_free(claim);
    weiquan_string_free(deadlines);
    weiquan_string_free(transition);
    weiquan_string_free(decision);
    weiquan_string_free(complaint);
    weiquan_assessor_free(assessor);
    weiquan_calendar_free(calendar);
    weiquan_case_free(kase);
    weiquan_router_free(router);
    free(input);
    return rc;
}
