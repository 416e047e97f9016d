"""coursekit: the course's one helper package.

Modules
-------
data     -- ``load(name)``: read a dataset from ``data/`` as a typed, validated DataFrame
figures  -- the course figure style (greyscale- and colour-blind-safe)
checks   -- friendly self-checks for exercises
"""

__version__ = "0.1.0"
