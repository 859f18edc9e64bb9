"""Cards and the central ledger: the server's truth about every đồng a tourist's card holds."""
