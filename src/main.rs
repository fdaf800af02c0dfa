use std::process::ExitCode;

fn main() -> ExitCode {
    eventgraph::cli::run()
}
