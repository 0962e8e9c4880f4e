fn main() -> std::process::ExitCode {
    brieflint::cli::run()
}
