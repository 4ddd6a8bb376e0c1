"""What every part of the GraphQL API shares: the Node interface, errors, limits, loaders, pagination."""
