# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "SEQC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".seq", ".py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.seqc_obj_root, "test")
# Helper modules and inputs are not tests; unittests run from their own suite.
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt",
                   "Inputs", "lib", "unittests", "fuzz"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%seqc_src", config.seqc_src_root))
config.environment["PYTHONPATH"] = os.path.join(config.seqc_src_root, "test", "lib")

llvm_config.with_system_environment(["HOME", "TMPDIR", "ASAN_OPTIONS",
                                     "UBSAN_OPTIONS"])
# A sanitizer build: `REQUIRES: !asan` skips what cannot run under it.
for sanitizer in filter(None, getattr(config, "seqc_sanitize", "").split(",")):
    config.available_features.add({"address": "asan", "undefined": "ubsan"}
                                  .get(sanitizer, sanitizer))
llvm_config.use_default_substitutions()

tool_dirs = [config.seqc_tools_dir, config.llvm_tools_dir]
tools = ["seq-opt", "seq-run", "seqc", "seq-front"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.seqc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
