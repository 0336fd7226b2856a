"""Pure domain code: eligibility rules, reference numbers, working-day dates. No Flask, no I/O."""
