/* The version macros of the header, the running library's number and the crate version
 * (passed by the build as WEIQUAN_EXPECTED_VERSION, read from Cargo.toml) agree. */
#include "harness.h"

#ifndef WEIQUAN_EXPECTED_VERSION
#error "compile with -DWEIQUAN_EXPECTED_VERSION=\"MAJOR.MINOR.PATCH\""
#endif

int main(void) {
    unsigned major = 0, minor = 0, patch = 0;
    CHECK(sscanf(WEIQUAN_EXPECTED_VERSION, "%u.%u.%u", &major, &minor, &patch) == 3);
    uint32_t composed = major * 1000000u + minor * 1000u + patch;

    CHECK(WEIQUAN_VERSION_MAJOR == major);
    CHECK(WEIQUAN_VERSION_MINOR == minor);
    CHECK(WEIQUAN_VERSION_PATCH == patch);
    CHECK(WEIQUAN_ABI_VERSION == composed);
    CHECK(weiquan_abi_version() == composed);
    CHECK(strcmp(WEIQUAN_VERSION_STRING, WEIQUAN_EXPECTED_VERSION) == 0);

    const char *text = NULL;
    size_t len = 0;
    EXPECT_OK(weiquan_version_string(&text, &len));
    CHECK(text != NULL && strcmp(text, WEIQUAN_EXPECTED_VERSION) == 0);
    CHECK(len == strlen(WEIQUAN_EXPECTED_VERSION));
    EXPECT_OK(weiquan_version_string(&text, NULL));
    EXPECT(weiquan_version_string(NULL, &len), WEIQUAN_NULL_POINTER, "ffi.null_pointer");
    return harness_finish("test_version");
}
