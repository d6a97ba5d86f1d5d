"""Builder of the bundled sample data (see :mod:`geodata.sample.build`)."""
