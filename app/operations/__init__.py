"""What operators run: the `flask` commands, retention (purge) and anonymous statistics."""
