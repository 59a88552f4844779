"""Reading articles in: load files (text, HTML, PDF), clean them, split them into sentence-bounded chunks,
and sync a folder or upload into the index (only what changed)."""
