"""The fund service's use cases: domain rules applied to stored state, in one transaction each."""
