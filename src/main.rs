use std::process::ExitCode;

use delegation_tracker::cli;

fn main() -> ExitCode {
    let args = cli::usage::parse();
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
                #[cfg(windows)]
                windows_console::close_if_own();
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

/// On Windows the program is a console program, so that its command line prints into the
/// `cmd` or PowerShell window it was typed in, `>` and `|` work, and the prompt waits for its
/// exit code. Started from the Start menu or Explorer, Windows gives it a console window of its
/// own; the window closes that console as it opens (one brief flash), so no empty black window
/// sits beside the app. A console shared with a shell that started it is left alone.
#[cfg(windows)]
mod windows_console {
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetConsoleProcessList(process_list: *mut u32, count: u32) -> u32;
        fn FreeConsole() -> i32;
    }

    pub fn close_if_own() {
        let mut ids = [0u32; 2];
        // SAFETY: `ids` is a writable buffer of the length passed; the call writes at most that
        // many process ids and returns how many processes share the console (0 when none).
        let attached = unsafe { GetConsoleProcessList(ids.as_mut_ptr(), ids.len() as u32) };
        if attached == 1 {
            // SAFETY: no arguments; detaching only closes the console window this process alone
            // was using. Later prints to it are lost, which is what a window app wants.
            unsafe { FreeConsole() };
        }
    }
}
