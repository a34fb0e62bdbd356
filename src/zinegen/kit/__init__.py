"""Read and check every file of a kit, once, into one resolved Kit (STYLE.md, section 4).

The stages after this one take plain data: nothing later opens a user's file.
"""

from zinegen.kit.config import BUILTIN_LICENCE, load_kit
from zinegen.kit.files import (
    CONFIG_NAME,
    ID_HELP,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    RESOURCES_FILE,
    RESOURCES_FILES,
    RESOURCES_SECTION,
    available_layouts,
    available_section_ids,
    builtin_dir,
    find_kit_dir,
    kit_file,
)
from zinegen.kit.schema import Checker, Key, load_toml

__all__ = [
    "BUILTIN_LICENCE",
    "CONFIG_NAME",
    "ID_HELP",
    "ID_PATTERN",
    "LANGUAGE_PATTERN",
    "RESOURCES_FILE",
    "RESOURCES_FILES",
    "RESOURCES_SECTION",
    "Checker",
    "Key",
    "available_layouts",
    "available_section_ids",
    "builtin_dir",
    "find_kit_dir",
    "kit_file",
    "load_kit",
    "load_toml",
]
