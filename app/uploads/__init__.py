"""Documents uploaded with a request: checked by content, scanned by ClamAV, cleaned, sealed and stored."""
