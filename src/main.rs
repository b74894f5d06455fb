use clap::Parser;

fn main() {
    let cli = tipwiz::commands::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tipwiz: cannot start: {e}");
            std::process::exit(1);
        }
    };
    let code = runtime.block_on(tipwiz::commands::run(cli));
    std::process::exit(code);
}
