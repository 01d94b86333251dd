"""Allows `python -m reflect`, which behaves exactly like the `reflect` command."""

from reflect.cli.start import main

if __name__ == "__main__":
    main()
