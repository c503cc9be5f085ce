use std::process::ExitCode;

use clap::Parser;
use delegation_tracker::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    if let Some(dir) = &args.man_pages {
        return delegation_tracker::man_page::generate_to(dir)
            .map_or(ExitCode::FAILURE, |()| ExitCode::SUCCESS);
    }
    match args.command {
        Some(command) => cli::run(command, args.lang.into()),
        None => {
            let result = if args.smoke {
                delegation_tracker::gui::smoke(args.file)
            } else {
                delegation_tracker::gui::run(args.file)
            };
            match result {
                Ok(()) if delegation_tracker::gui::smoke_failed() => ExitCode::FAILURE,
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: the window could not be opened: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
