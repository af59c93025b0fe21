"""The `sightline` command's subcommands, one module per area.

Each command parses its options, builds a `Workspace` (`options.workspace`) and makes one call into
it, then prints. Modules here import only click at the top, so `sightline --help` starts quickly;
the engine loads when a command runs.
"""
