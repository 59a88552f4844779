"""What makes news different: syndicated copies found at ingest, a story's dated events (timelines) and
which outlets covered it."""
