"""zinegen: Markdown to print-ready harm-reduction booklets, trifolds, cards and zines.

The public API is small: load a kit, plan its targets, build them.
"""

from zinegen.errors import Problem, ZinegenError
from zinegen.kit import load_kit
from zinegen.pipeline import BuildRequest, build, build_target, plan

__all__ = ["BuildRequest", "Problem", "ZinegenError", "build", "build_target", "load_kit", "plan"]
__version__ = "0.1.0"
