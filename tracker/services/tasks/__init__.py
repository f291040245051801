"""Tasks: the workflow table and its verbs, planning and fan-out, evidence, history, lists and search."""
