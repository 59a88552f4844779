"""News from the web: fetch pages politely, follow RSS/Atom feeds and sitemaps, and the watch that keeps
them fresh."""
