//! Gives the shared library its SONAME, `libweiquan.so.MAJOR` (`libweiquan.so.0` while the
//! version is 0.x), as a shared library installed for programs to link against has: a program
//! linked with `-lweiquan` records that name, the loader finds it through the
//! `libweiquan.so.0 -> libweiquan.so.0.1.0` link an install makes, and an incompatible major
//! version can be installed beside it. Only for ELF targets; macOS and Windows name their
//! libraries otherwise.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let elf = matches!(
        os.as_str(),
        "linux"
            | "android"
            | "freebsd"
            | "netbsd"
            | "openbsd"
            | "dragonfly"
            | "solaris"
            | "illumos"
    );
    let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".to_owned());
    if elf {
        // Only the cdylib is linked with it; the rlib and the staticlib are not linked here.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libweiquan.so.{major}");
    }
}
