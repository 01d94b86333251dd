"""`reflect --demo`: a throwaway journal filled with an invented worker's year.

`home` makes the throwaway home folder (a random key, tidied after a crash);
`entries` writes the sample reflections and notes, and `records` the
check-ins and the supervision record. The words themselves are TOML data in
`reflect/demo/`, shipped in the wheel, so they can be changed without code.
"""
