use clap::Parser;

fn main() {
    let cli = stowage::cli::Cli::parse();
    std::process::exit(stowage::cli::run(cli).code());
}
