"""One question's path: read it (kind, names, time), retrieve and re-rank passages, choose evidence, write
the answer, check and number its citations."""
