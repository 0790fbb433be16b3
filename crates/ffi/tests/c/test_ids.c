/* Identifier checks: resident ID, USCC, mobile, division codes. */
#include "harness.h"

static const weiquan_date TODAY = {2025, 6, 1};

int main(void) {
    weiquan_resident_id id;
    EXPECT_OK(weiquan_resident_id_check(S("11010519491231002x"), TODAY, &id));
    CHECK(strcmp(id.normalized, "11010519491231002X") == 0);
    CHECK(id.birth_date.year == 1949 && id.birth_date.month == 12 && id.birth_date.day == 31);
    CHECK(id.sex == WEIQUAN_SEX_FEMALE);
    CHECK(id.region == 110105);
    CHECK(id.age == 75);
    /* Full-width digits and spaces are normalised. */
    EXPECT_OK(weiquan_resident_id_check(S("110105 19491231 002X"), TODAY, &id));
    CHECK(strcmp(id.normalized, "11010519491231002X") == 0);

    EXPECT(weiquan_resident_id_check(S("110105194912310021"), TODAY, &id), WEIQUAN_INVALID,
           "resident_id.checksum");
    CHECK(contains(last_message(), "expected X"));
    EXPECT(weiquan_resident_id_check(S("1101051949123100"), TODAY, &id), WEIQUAN_INVALID,
           "resident_id.length");
    EXPECT(weiquan_resident_id_check(S("11010519491231002X"), ((weiquan_date){1940, 1, 1}), &id),
           WEIQUAN_INVALID, "resident_id.future_birth");
    EXPECT(weiquan_resident_id_check(S("11010519491231002X"), ((weiquan_date){2025, 2, 29}), &id),
           WEIQUAN_INVALID_ARGUMENT, "ffi.invalid_argument");
    EXPECT(weiquan_resident_id_check(NULL, 18, TODAY, &id), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_resident_id_check(S("11010519491231002X"), TODAY, NULL), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_resident_id_check(S("\xc3\x28"), TODAY, &id), WEIQUAN_INVALID_UTF8, NULL);

    EXPECT_OK(weiquan_resident_id_from_legacy_15(S("110105491231002"), TODAY, &id));
    CHECK(strcmp(id.normalized, "11010519491231002X") == 0);
    EXPECT(weiquan_resident_id_from_legacy_15(S("11010549123100"), TODAY, &id), WEIQUAN_INVALID, NULL);
    EXPECT(weiquan_resident_id_from_legacy_15(NULL, 0, TODAY, &id), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_resident_id_from_legacy_15(S("110105491231002"), TODAY, NULL), WEIQUAN_NULL_POINTER, NULL);

    weiquan_uscc u;
    EXPECT_OK(weiquan_uscc_check(S("91110000600037341l"), 0, &u));
    CHECK(strcmp(u.normalized, "91110000600037341L") == 0);
    CHECK(u.registration_authority == '9' && u.entity_type == '1');
    CHECK(u.division == 110000);
    CHECK(strcmp(u.org_code, "600037341") == 0);
    CHECK(u.org_code_check_ok);
    EXPECT_OK(weiquan_uscc_check(S("91110000600037341L"), WEIQUAN_USCC_STRICT, &u));
    EXPECT(weiquan_uscc_check(S("91110000600037341X"), 0, &u), WEIQUAN_INVALID, "uscc.checksum");
    EXPECT(weiquan_uscc_check(S("9111000060003734"), 0, &u), WEIQUAN_INVALID, "uscc.length");
    EXPECT(weiquan_uscc_check(S("91110000600037341L"), 2, &u), WEIQUAN_INVALID_ARGUMENT, NULL);
    EXPECT(weiquan_uscc_check(NULL, 0, 0, &u), WEIQUAN_NULL_POINTER, NULL);
    EXPECT(weiquan_uscc_check(S("91110000600037341L"), 0, NULL), WEIQUAN_NULL_POINTER, NULL);

    weiquan_mobile m;
    EXPECT_OK(weiquan_mobile_check(S("138 0013 8000"), &m));
    CHECK(strcmp(m.normalized, "13800138000") == 0);
    EXPECT(weiquan_mobile_check(S("23800138000"), &m), WEIQUAN_INVALID, "mobile.format");

    weiquan_division d;
    EXPECT_OK(weiquan_division_check(130102, &d));
    CHECK(d.code == 130102 && d.level == WEIQUAN_DIVISION_COUNTY);
    CHECK(d.province == 130000 && d.prefecture == 130100 && d.parent == 130100);
    EXPECT_OK(weiquan_division_check(130000, &d));
    CHECK(d.level == WEIQUAN_DIVISION_PROVINCE && d.prefecture == 0 && d.parent == 0);
    EXPECT(weiquan_division_check(990000, &d), WEIQUAN_INVALID, "division.format");
    EXPECT(weiquan_division_check(1301, &d), WEIQUAN_INVALID, "division.format");
    EXPECT(weiquan_division_check(130102, NULL), WEIQUAN_NULL_POINTER, NULL);

    bool within = false;
    EXPECT_OK(weiquan_division_is_within(130102, 130100, &within));
    CHECK(within);
    EXPECT_OK(weiquan_division_is_within(130102, 110000, &within));
    CHECK(!within);
    EXPECT(weiquan_division_is_within(130102, 5, &within), WEIQUAN_INVALID, "division.format");
    EXPECT(weiquan_division_is_within(130102, 130100, NULL), WEIQUAN_NULL_POINTER, NULL);
    return harness_finish("test_ids");
}
