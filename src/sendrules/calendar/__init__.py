"""Calendar primitives the rules call. Pure functions of their arguments; no SEND law here."""
