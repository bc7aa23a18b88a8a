"""One module per subcommand; each has `register(subparsers)` and sets `func` on its parser.

Heavy imports (Scrapy, trafilatura) happen inside the command's function, so that
`declutter --help` and quick commands start fast."""


def at_least(low: int):
    """An argparse type: a whole number no smaller than `low` (a negative limit is a mistake)."""
    import argparse

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, not {value}")
        return value
    return parse


def format_name(text: str) -> str:
    """An argparse type for --format: one vocabulary across commands; `txt` is the old name
    of `text` and `json` that of `--json`'s output where a command had that flag."""
    return {"txt": "text"}.get(text, text)
