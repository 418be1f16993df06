"""Writers: the manuscript as markdown and text, the job as metadata.json, written atomically."""
