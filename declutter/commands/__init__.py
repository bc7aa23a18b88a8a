"""One module per subcommand; each has `register(subparsers)` and sets `func` on its parser.

Heavy imports (Scrapy, trafilatura) happen inside the command's function, so that
`declutter --help` and quick commands start fast."""
