/* Statistics: feed, merge, partials, coarsening and protected releases. */
#include "harness.h"

static const char POLICY[] = "{\"tables\":[{\"by\":\"region=county,category=top\"}],\"suppression\":{\"k\":10,"
                             "\"protection\":{\"kind\":\"width\",\"min_width\":10,\"percent\":0},\"protect_zeros\":false}}";

int main(void) {
    char *jsonl = NULL, *half = NULL;
    size_t jsonl_len = 0, half_len = 0;
    EXPECT_OK(weiquan_complaint_generate(11, 400, 0, &jsonl, &jsonl_len));
    EXPECT_OK(weiquan_complaint_generate(11, 200, 0, &half, &half_len));

    weiquan_aggregator *all = NULL, *a = NULL, *b = NULL;
    EXPECT_OK(weiquan_aggregator_new(S("region=county,category=top"), &all));
    size_t added = 0;
    EXPECT_OK(weiquan_aggregator_add_jsonl(all, jsonl, jsonl_len, &added));
    CHECK(added == 400);
    uint64_t records = 0;
    size_t cells = 0;
    EXPECT_OK(weiquan_aggregator_counts(all, &records, &cells));
    CHECK(records == 400 && cells > 0);
    EXPECT_OK(weiquan_aggregator_counts(all, &records, NULL));

    /* The first 200 and the last 200, merged, are the 400. */
    EXPECT_OK(weiquan_aggregator_new(S("region=county,category=top"), &a));
    EXPECT_OK(weiquan_aggregator_new(S("region=county,category=top"), &b));
    EXPECT_OK(weiquan_aggregator_add_jsonl(a, half, half_len, NULL));
    EXPECT_OK(weiquan_aggregator_add_jsonl(b, jsonl + half_len, jsonl_len - half_len, &added));
    CHECK(added == 200);
    EXPECT_OK(weiquan_aggregator_merge(a, b));
    char *pa = NULL, *pall = NULL;
    EXPECT_OK(weiquan_aggregator_to_partial(a, &pa, NULL));
    EXPECT_OK(weiquan_aggregator_to_partial(all, &pall, NULL));
    CHECK(pa != NULL && pall != NULL && strcmp(pa, pall) == 0);

    /* A partial rebuilds the same aggregator. */
    weiquan_aggregator *rebuilt = NULL;
    EXPECT_OK(weiquan_aggregator_from_partial(pall, strlen(pall), &rebuilt));
    char *prebuilt = NULL;
    EXPECT_OK(weiquan_aggregator_to_partial(rebuilt, &prebuilt, NULL));
    CHECK(prebuilt != NULL && strcmp(prebuilt, pall) == 0);
    FREE_STR(prebuilt);
    FREE_STR(pa);
    FREE_STR(pall);
    weiquan_aggregator *none = NULL;
    EXPECT(weiquan_aggregator_from_partial(S("{\"schema_version\":1}"), &none), WEIQUAN_MALFORMED_JSON, "stats.format");

    /* Releases: deterministic, every published count 0 or at least k. */
    char *r1 = NULL, *r2 = NULL;
    EXPECT_OK(weiquan_aggregator_release(all, S(POLICY), &r1, NULL));
    EXPECT_OK(weiquan_aggregator_release(all, S(POLICY), &r2, NULL));
    CHECK(r1 != NULL && r2 != NULL && strcmp(r1, r2) == 0);
    CHECK(contains(r1, "\"schema_version\": 1") || contains(r1, "\"schema_version\":1"));
    FREE_STR(r2);
    FREE_STR(r1);
    EXPECT_OK(weiquan_aggregator_release(all, S("{\"tables\":[{\"by\":\"category=top\"}]}"), &r1, NULL));
    FREE_STR(r1);
    EXPECT(weiquan_aggregator_release(all, S("{\"tables\":[{\"by\":\"nonsense=1\"}]}"), &r1, NULL), WEIQUAN_INVALID_ARGUMENT, "stats.group_by");
    EXPECT(weiquan_aggregator_release(all, S("{\"tables\":3}"), &r1, NULL), WEIQUAN_MALFORMED_JSON, "json.syntax");
    EXPECT(weiquan_aggregator_release(all, S("{\"tables\":[],\"suppression\":{\"k\":0,\"protection\":{\"kind\":\"width\",\"min_width\":0,\"percent\":0},\"protect_zeros\":false}}"), &r1, NULL),
           WEIQUAN_INVALID_ARGUMENT, "stats.parameter");
    EXPECT(weiquan_aggregator_release(all, NULL, 0, &r1, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_aggregator_release(all, S(POLICY), NULL, NULL), WEIQUAN_NULL_POINTER, NULL);

    /* Coarsening, and merging different groupings. */
    weiquan_aggregator *coarse = NULL;
    EXPECT_OK(weiquan_aggregator_coarsen(all, S("category=top"), &coarse));
    EXPECT(weiquan_aggregator_merge(all, coarse), WEIQUAN_REJECTED, "stats.merge_mismatch");
    weiquan_aggregator *tmp = (weiquan_aggregator *)&records;
    EXPECT(weiquan_aggregator_coarsen(coarse, S("region=county,category=top"), &tmp), WEIQUAN_REJECTED, "stats.not_a_coarsening");
    CHECK(tmp == NULL);
    EXPECT(weiquan_aggregator_coarsen(all, S("??"), &tmp), WEIQUAN_INVALID_ARGUMENT, "stats.group_by");

    /* A bad line: nothing is added, the line is named. */
    char *bad = malloc(half_len + 32);
    memcpy(bad, half, half_len);
    memcpy(bad + half_len, "{\"not\":\"a complaint\"}\n", 23);
    EXPECT_OK(weiquan_aggregator_counts(all, &records, NULL));
    EXPECT(weiquan_aggregator_add_jsonl(all, bad, half_len + 22, &added), WEIQUAN_INVALID, NULL);
    CHECK(added == 0);
    CHECK(contains(last_message(), "line 201"));
    CHECK(strncmp(last_pointer(), "/201", 4) == 0);
    uint64_t after = 0;
    EXPECT_OK(weiquan_aggregator_counts(all, &after, NULL));
    CHECK(after == records);
    EXPECT(weiquan_aggregator_add_jsonl(all, S("{\n"), NULL), WEIQUAN_MALFORMED_JSON, NULL);
    free(bad);

    /* Arguments and handles. */
    EXPECT(weiquan_aggregator_new(S("nonsense"), &tmp), WEIQUAN_INVALID_ARGUMENT, "stats.group_by");
    EXPECT(weiquan_aggregator_new(NULL, 0, &tmp), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_aggregator_new(S("category=top"), NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_aggregator_add_jsonl(all, NULL, 0, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_aggregator_counts(all, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_aggregator_to_partial(all, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_aggregator_from_partial(NULL, 0, &tmp), WEIQUAN_NULL_POINTER, NULL);
    EXPECT_OK(weiquan_aggregator_merge(b, b));
    EXPECT_OK(weiquan_aggregator_counts(b, &records, NULL));
    CHECK(records == 400);
    EXPECT_OK(weiquan_aggregator_free(b));
    EXPECT(weiquan_aggregator_merge(all, b), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_aggregator_merge(b, all), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_aggregator_add_jsonl(b, half, half_len, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_aggregator_release(b, S(POLICY), &r1, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_aggregator_free(b), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT_OK(weiquan_aggregator_free(NULL));

    EXPECT_OK(weiquan_aggregator_free(coarse));
    EXPECT_OK(weiquan_aggregator_free(rebuilt));
    EXPECT_OK(weiquan_aggregator_free(a));
    FREE_STR(half);
    FREE_STR(jsonl);
    EXPECT_OK(weiquan_aggregator_free(all));
    return harness_finish("test_stats");
}
