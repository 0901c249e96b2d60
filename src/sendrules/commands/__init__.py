"""Subcommands of the `sendrules` command line, one module each (`add_parser(sub)`, `run(args)`)."""
