from immunoguide.cli import app

app()
