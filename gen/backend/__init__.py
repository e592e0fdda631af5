"""The back end: a checked model to files.

generate_step.py (the one generate step: every file of some IDLs for one Options, which
options.py defines), render.py (the C outputs; the JSON backend, yajl or json-c, is
chosen there), golang.py (the Go outputs), clang_format.py (formatting the C),
templates.py (the template environments), template_compiler.py (templates compiled
ahead of time, at build time), template_runtime.py (the lean runtime that runs them),
compiled/ (the compiled templates, made by the build), cexpr.py (C expression helpers),
testidl.py (the test harness's random choices), json_schema.py (the JSON Schema of
libxl's JSON), files.py (output names, banners, writing).
"""
