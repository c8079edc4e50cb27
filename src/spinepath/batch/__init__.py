"""The batch cohort scorer: every score and the triage, for a whole file, with polars.

Built from the clinical engine's own tables and rules (``spinepath.clinical``): the
condition language is compiled to polars expressions (``conditions``), the point tables,
Bilsky and the triage to columns (``scores``), the case model to column checks
(``columns``), and ``pipeline.score_file`` streams a file through them.
"""

from spinepath.batch.conditions import compile_condition, score_column
from spinepath.batch.pipeline import (
    BatchInputError,
    BatchSummary,
    BatchWriteError,
    read_rows,
    rejects_path,
    score_file,
    score_rows,
)
from spinepath.batch.scores import SCORE_KEYS, score_frame

__all__ = [
    "SCORE_KEYS",
    "BatchInputError",
    "BatchSummary",
    "BatchWriteError",
    "compile_condition",
    "read_rows",
    "rejects_path",
    "score_column",
    "score_file",
    "score_frame",
    "score_rows",
]
