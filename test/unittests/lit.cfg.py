# -*- Python -*-
# Runs the GoogleTest unit tests as part of check-seqc.
import lit.formats

config.name = "SEQC-Unit"
config.suffixes = []
config.test_source_root = config.unittests_dir
config.test_exec_root = config.unittests_dir
config.test_format = lit.formats.GoogleTest(".", "UnitTests")
