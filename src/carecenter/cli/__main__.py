"""`python -m carecenter.cli …` runs the `carecenter` command."""

from carecenter.cli import main

main()
