"""What travels to the browser: the binary envelope (``envelope``), data the browser already
holds and need not get again (``held``), and live rows for a series already drawn (``live``)."""
