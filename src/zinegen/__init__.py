"""zinegen: Markdown to print-ready harm-reduction booklets, trifolds, cards and zines.

The public API is small: load a kit, plan its targets, build them.
"""

from zinegen.errors import Problem, ZinegenError
from zinegen.kit import load_kit

__all__ = ["Problem", "ZinegenError", "load_kit"]
__version__ = "0.1.0"
