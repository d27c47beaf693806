"""Operations plumbing shared by the services we run (stdlib only, so either runtime can use it)."""
