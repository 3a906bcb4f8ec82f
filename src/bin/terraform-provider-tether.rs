//! The plugin binary Terraform and OpenTofu launch.

use clap::Parser;

use tether::plugin::handshake::PluginEnv;
use tether::plugin::{logging, serve, ServeOptions};
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
    tether::plugin::tls::install_crypto_provider();
    let env = PluginEnv::from_process();
    if !args.debug {
        if let Err(e) = tether::plugin::handshake::check_magic_cookie(&env) {
            eprintln!("{e}");
            return std::process::ExitCode::from(1);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("terraform-provider-tether: cannot start: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    let options = ServeOptions { debug: args.debug, source_address: SOURCE_ADDRESS.to_owned() };
    let result = runtime.block_on(serve(TetherProvider::new(), env, options));
    // Exit at once: background tasks (idle streams, the accept loop) must not delay Terraform.
    match result {
        Ok(()) => std::process::exit(0),
        Err(e) => {
            eprintln!("terraform-provider-tether: {e}");
            std::process::exit(1)
        }
    }
}
