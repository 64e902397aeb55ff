"""`python -m airclass`: the same command line as the `airclass` script."""

from airclass.api.cli import main

main()
