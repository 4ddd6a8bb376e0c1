"""Every read of argmap, and every rule about who may see or do what."""
