"""Case facts: the input contract and how facts become values the rules read."""
