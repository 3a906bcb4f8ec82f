//! The plugin binary Terraform and OpenTofu launch.

use clap::Parser;

use tether::plugin::{logging, run_plugin, ServeOptions};
use tether::provider::{TetherProvider, SOURCE_ADDRESS};

/// tether provider plugin for Terraform and OpenTofu. Terraform starts it; run it by hand
/// only with --debug.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Serve for TF_REATTACH_PROVIDERS (prints the value to set) instead of being launched.
    #[arg(long)]
    debug: bool,
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let level = if args.debug { logging::level_from_env().or(Some(tracing::Level::INFO)) } else { logging::level_from_env() };
    logging::init(level);
    let options = ServeOptions { debug: args.debug, source_address: SOURCE_ADDRESS.to_owned() };
    run_plugin("terraform-provider-tether", TetherProvider::new, options)
}
