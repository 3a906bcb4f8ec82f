//! Compiles the plugin protocol definitions in `proto/` into Rust server stubs, and the
//! test-only newer definition into client stubs for the replay tests (`tests/replay_hosts.rs`,
//! written to `$OUT_DIR/next/`, included only by tests).
//! protox parses the .proto files in pure Rust, so no system `protoc` is needed.

use std::path::PathBuf;

/// The test-only newer definition: tether's own, plus these fields a protocol version after
/// 5.10 could add (each inserted after its anchor, which must occur exactly once). They
/// mean nothing; they make the replayed requests carry fields tether does not know, as a
/// newer Terraform or OpenTofu would send them.
const FUTURE_FIELDS: &[(&str, &str)] = &[
    // ClientCapabilities: capabilities a newer client may announce.
    ("  bool write_only_attributes_allowed = 2;\n", "  bool future_capability = 3;\n  string future_capability_detail = 4;\n"),
    // Configure.Request.
    ("    string terraform_version = 1;\n    DynamicValue config = 2;\n    ClientCapabilities client_capabilities = 3;\n", "    bytes future_field = 15;\n"),
    // PlanResourceChange.Request.
    ("    ResourceIdentityData prior_identity = 8;\n", "    bytes future_field = 15;\n"),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files = ["proto/tfplugin5.proto", "proto/grpc_controller.proto", "proto/grpc_stdio.proto"];
    for file in files {
        println!("cargo:rerun-if-changed={file}");
    }
    let descriptors = protox::compile(files, ["proto"])?;
    tonic_prost_build::configure().build_client(true).build_server(true).generate_default_stubs(true).compile_fds(descriptors)?;

    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("next");
    std::fs::create_dir_all(&out)?;
    let mut next = std::fs::read_to_string("proto/tfplugin5.proto")?;
    for (anchor, added) in FUTURE_FIELDS {
        if next.matches(anchor).count() != 1 {
            return Err(format!("build.rs: the anchor {anchor:?} for a test-only future field must occur once in proto/tfplugin5.proto").into());
        }
        next = next.replacen(anchor, &format!("{anchor}{added}"), 1);
    }
    std::fs::write(out.join("tfplugin5.proto"), next)?;
    let descriptors = protox::compile(["tfplugin5.proto"], [&out])?;
    tonic_prost_build::configure().build_client(true).build_server(false).out_dir(&out).compile_fds(descriptors)?;
    Ok(())
}
