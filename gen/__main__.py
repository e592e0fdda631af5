"""``python -m xlidl``."""
from .cli import run

run()
