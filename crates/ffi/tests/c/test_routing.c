/* Routing with the embedded ruleset and with rulesets loaded from text and files. */
#include "harness.h"

int main(void) {
    weiquan_router *r = NULL;
    EXPECT_OK(weiquan_router_new(&r));
    size_t clen = 0;
    char *complaint = sample_complaint(&clen);
    CHECK(complaint != NULL);

    char *out = NULL, *again = NULL;
    size_t len = 0;
    EXPECT_OK(weiquan_router_route(r, complaint, clen, NULL, 0, &out, &len));
    CHECK(contains(out, "\"schema_version\":2") && contains(out, "\"body\":") && contains(out, "\"rule\":"));
    /* Citations in weiquan-law's form: the registry id, both texts, the mark as a word. */
    CHECK(contains(out, "{\"instrument\":\"samr_order_20\",\"article\":12,\"paragraph\":1,"
                        "\"reliability\":\"verified\",\"text_zh\":"));
    CHECK(contains(out, "\"text_en\":\"SAMR Order No. 20, Art. 12, para. 1\""));
    CHECK(out != NULL && strlen(out) == len);
    EXPECT_OK(weiquan_router_route(r, complaint, clen, NULL, 0, &again, NULL));
    CHECK(out != NULL && again != NULL && strcmp(out, again) == 0);
    FREE_STR(again);
    FREE_STR(out);

    EXPECT(weiquan_router_route(r, complaint, clen, S("no.such.body"), &out, NULL), WEIQUAN_INVALID_ARGUMENT,
           "routing.unknown_body");
    EXPECT(weiquan_router_route(r, S("{}"), NULL, 0, &out, NULL), WEIQUAN_INVALID, "field.required");
    EXPECT(weiquan_router_route(r, S("{"), NULL, 0, &out, NULL), WEIQUAN_MALFORMED_JSON, "json.syntax");
    EXPECT(weiquan_router_route(r, NULL, 0, NULL, 0, &out, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_router_route(r, complaint, clen, NULL, 0, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_router_route(r, complaint, clen, S("\xff"), &out, NULL), WEIQUAN_INVALID_UTF8, NULL);

    /* An unknown division code of the business (the place routing turns on; an unknown
     * consumer division only warns): a field error with its pointer. */
    char *moved = malloc(clen + 1);
    memcpy(moved, complaint, clen + 1);
    char *business = strstr(moved, "\"business\"");
    char *div = business != NULL ? strstr(business, "\"division\":\"") : NULL;
    CHECK(div != NULL);
    if (div != NULL) memcpy(div + 12, "139999", 6);
    EXPECT(weiquan_router_route(r, moved, clen, NULL, 0, &out, NULL), WEIQUAN_INVALID, "routing.unknown_division");
    CHECK(last_pointer()[0] == '/');
    free(moved);

    /* The division registry: abolished 藁城市 (130182) resolves to 藁城区 (130109). */
    EXPECT_OK(weiquan_router_resolve_division(r, 130182, NULL, &out, NULL));
    CHECK(contains(out, "130109"));
    FREE_STR(out);
    weiquan_date on = {2010, 1, 1};
    EXPECT_OK(weiquan_router_resolve_division(r, 130182, &on, &out, NULL));
    FREE_STR(out);
    EXPECT(weiquan_router_resolve_division(r, 139999, NULL, &out, NULL), WEIQUAN_INVALID, "routing.unknown_division");
    EXPECT(weiquan_router_resolve_division(r, 12, NULL, &out, NULL), WEIQUAN_INVALID, "division.format");
    weiquan_date bad = {2010, 2, 30};
    EXPECT(weiquan_router_resolve_division(r, 130182, &bad, &out, NULL), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_router_resolve_division(r, 130182, NULL, NULL, NULL), WEIQUAN_NULL_POINTER, NULL);

    /* Loading rulesets: broken TOML, a ruleset with problems, a missing file. */
    weiquan_router *other = NULL;
    EXPECT(weiquan_router_from_toml(S("this is = not [toml"), &other), WEIQUAN_INVALID, "routing.ruleset_invalid");
    CHECK(other == NULL);
    CHECK(contains(last_details(), "ruleset.syntax"));
    EXPECT(weiquan_router_from_toml(S("schema_version = 99\n"), &other), WEIQUAN_INVALID, "routing.ruleset_invalid");
    EXPECT(weiquan_router_from_toml(NULL, 0, &other), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_router_from_toml(S("x"), NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_router_from_file(S("/nonexistent/ruleset.toml"), &other), WEIQUAN_IO, "io.read");
    EXPECT(weiquan_router_from_file(NULL, 0, &other), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_router_from_file(S("crates/routing/data/ruleset_shijiazhuang.toml"), NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_router_new(NULL), WEIQUAN_NULL_POINTER, NULL);

    /* The embedded ruleset's own file loads and routes the same way. */
    {
        EXPECT_OK(weiquan_router_from_file(S("crates/routing/data/ruleset_shijiazhuang.toml"), &other));
        char *a = NULL, *b = NULL;
        EXPECT_OK(weiquan_router_route(r, complaint, clen, NULL, 0, &a, NULL));
        EXPECT_OK(weiquan_router_route(other, complaint, clen, NULL, 0, &b, NULL));
        CHECK(a != NULL && b != NULL && strcmp(a, b) == 0);
        FREE_STR(a);
        FREE_STR(b);
        EXPECT_OK(weiquan_router_free(other));
    }

    char *schema = NULL;
    EXPECT_OK(weiquan_router_ruleset_schema(&schema, &len));
    CHECK(contains(schema, "$schema") && strlen(schema) == len);
    FREE_STR(schema);
    EXPECT(weiquan_router_ruleset_schema(NULL, NULL), WEIQUAN_NULL_POINTER, NULL);

    EXPECT_OK(weiquan_router_free(r));
    EXPECT(weiquan_router_route(r, complaint, clen, NULL, 0, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_router_resolve_division(r, 130182, NULL, &out, NULL), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT(weiquan_router_free(r), WEIQUAN_INVALID_HANDLE, NULL);
    EXPECT_OK(weiquan_router_free(NULL));
    FREE_STR(complaint);
    return harness_finish("test_routing");
}
