//! Compiles the plugin protocol definitions in `proto/` into Rust server stubs, and the
//! test-only newer definition in `tests/proto/` into client stubs for the replay tests
//! (written to `$OUT_DIR/next/`, included only by tests).
//! protox parses the .proto files in pure Rust, so no system `protoc` is needed.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files = ["proto/tfplugin5.proto", "proto/grpc_controller.proto", "proto/grpc_stdio.proto"];
    for file in files {
        println!("cargo:rerun-if-changed={file}");
    }
    let descriptors = protox::compile(files, ["proto"])?;
    tonic_prost_build::configure().build_client(true).build_server(true).generate_default_stubs(true).compile_fds(descriptors)?;

    let next = "tests/proto/tfplugin5_next.proto";
    println!("cargo:rerun-if-changed={next}");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("next");
    std::fs::create_dir_all(&out)?;
    let descriptors = protox::compile([next], ["tests/proto", "proto"])?;
    tonic_prost_build::configure().build_client(true).build_server(false).out_dir(out).compile_fds(descriptors)?;
    Ok(())
}
