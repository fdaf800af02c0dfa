use std::process::ExitCode;

// The graph is loaded by one thread from rows another thread allocates; glibc's allocator
// serialises that hand-over on a lock, mimalloc does not.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    eventgraph::cli::run()
}
