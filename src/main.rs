use std::process::ExitCode;

use clap::Parser;
use delegation_tracker::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command, args.lang.into()),
        None => {
            let result = if args.smoke {
                delegation_tracker::gui::smoke()
            } else {
                delegation_tracker::gui::run()
            };
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: the window could not be opened: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
