//! `tether`: the user-facing command line of the project (beside the
//! `terraform-provider-tether` plugin binary).
//!
//! Subcommands:
//! - `tether emulator`: run the local emulator of the 18 cloud APIs tether uses (see
//!   `crates/tether-emulator/README.md`).
//!
//! Further subcommands (`check`, `install`, ...) are added as variants of [`Command`].

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Command-line interface of tether.
#[derive(Debug, Parser)]
#[command(
    name = "tether",
    version,
    about = "tether: Terraform/OpenTofu associations on Alibaba Cloud, Tencent Cloud and Volcengine"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Run a local emulator of the Alibaba Cloud, Tencent Cloud and Volcengine APIs tether
    /// uses (first stdout line: `tether emulator listening on http://HOST:PORT`).
    Emulator(tether_emulator::cli::EmulatorArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Emulator(args) => match tether_emulator::cli::run_blocking(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("tether emulator: {e}");
                ExitCode::from(1)
            }
        },
    }
}
