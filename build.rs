//! Rebuild when the Fluent files change: they are embedded at compile time.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=static");
}
