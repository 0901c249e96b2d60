"""Command-line subcommands and their helpers, one module each."""
