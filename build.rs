//! Rebuild when the Fluent files, static assets or migrations change: they
//! are embedded at compile time.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=static");
    println!("cargo:rerun-if-changed=migrations");
}
