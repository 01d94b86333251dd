"""The `reflect` command: the composition root, and one module per command group.

`main` builds the root group and reads the environment once (`this_computer`);
`common` holds what every command shares (settings, opening a journal, one-line
errors); `output` guards the terminal from control codes in people's words.
The other modules are the command groups: `data`, `agenda`, `checkins`,
`supervision`, `sharing`, `jrnl`, `prompts`. This file imports nothing, so a
command loads only what it uses.
"""
