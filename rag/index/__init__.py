"""The persistent index: Chroma (on disk or a server) for chunks and vectors, the keyword index beside it,
and the lock that keeps writers apart."""
