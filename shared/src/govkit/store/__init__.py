"""What services do alike with their records: common columns, keyset paging, rows by key."""
