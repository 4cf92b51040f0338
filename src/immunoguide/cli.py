"""The `immunoguide` command line."""

from __future__ import annotations

from pathlib import Path

import typer

from .knowledge.load import ContentInvalid, load_content

app = typer.Typer(no_args_is_help=True, add_completion=False, help="ImmunoGuide: sourced medicines information.")



@app.callback()
def main() -> None:
    """ImmunoGuide: sourced medicines information about immunomodulatory drugs."""


CONTENT = typer.Option(Path("content"), "--content", help="The content folder.")


@app.command()
def validate(content: Path = CONTENT) -> None:
    """Check content/ and list every error (file: field: reason)."""
    try:
        knowledge = load_content(content)
    except ContentInvalid as exc:
        for err in exc.errors:
            typer.echo(str(err), err=True)
        typer.echo(f"{len(exc.errors)} error(s)", err=True)
        raise typer.Exit(1)
    typer.echo("content is valid: " + ", ".join(f"{n} {k}" for k, n in knowledge.counts().items()))
