"""Where jobs and their checkpoints are kept."""
