"""Interactive sessions in a terminal: prompts, answers, progress saved as it goes."""
