# docs/stdlib.md and the stdlib rules table in docs/rules.md are the output of
# `archc stdlib --format markdown` (and `… --rules`). This script fails when the committed
# docs differ from what the binary prints; with -DUPDATE=1 it rewrites them instead.
#
#   cmake -DARCHC=build/archc -DDOCS=docs [-DUPDATE=1] -P tests/docs_generated.cmake
#   cmake --build build --target archc_docs        # the same with UPDATE=1

set(begin_marker "<!-- BEGIN GENERATED: archc stdlib --format markdown --rules -->\n")
set(end_marker "<!-- END GENERATED -->")

function(generate out_var)
  execute_process(COMMAND ${ARCHC} stdlib --format markdown ${ARGN}
                  OUTPUT_VARIABLE text RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "`archc stdlib --format markdown ${ARGN}` failed (${rc}): ${err}")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

generate(stdlib_md)
generate(rules_table --rules)

file(READ ${DOCS}/rules.md rules_md)
string(FIND "${rules_md}" "${begin_marker}" begin)
string(FIND "${rules_md}" "${end_marker}" end)
if(begin EQUAL -1 OR end EQUAL -1 OR end LESS begin)
  message(FATAL_ERROR "docs/rules.md has lost its markers: ${begin_marker} … ${end_marker}")
endif()
string(LENGTH "${begin_marker}" marker_length)
math(EXPR body_begin "${begin} + ${marker_length}")
string(SUBSTRING "${rules_md}" 0 ${body_begin} head)
string(SUBSTRING "${rules_md}" ${end} -1 tail)
set(new_rules_md "${head}${rules_table}${tail}")

set(old_stdlib_md "")
if(EXISTS ${DOCS}/stdlib.md)
  file(READ ${DOCS}/stdlib.md old_stdlib_md)
endif()
if(UPDATE)
  if(NOT old_stdlib_md STREQUAL stdlib_md)
    file(WRITE ${DOCS}/stdlib.md "${stdlib_md}")
    message(STATUS "updated docs/stdlib.md")
  endif()
  if(NOT rules_md STREQUAL new_rules_md)
    file(WRITE ${DOCS}/rules.md "${new_rules_md}")
    message(STATUS "updated docs/rules.md")
  endif()
  return()
endif()

set(stale "")
if(NOT old_stdlib_md STREQUAL stdlib_md)
  list(APPEND stale "docs/stdlib.md")
endif()
if(NOT rules_md STREQUAL new_rules_md)
  list(APPEND stale "docs/rules.md")
endif()
if(stale)
  list(JOIN stale " and " names)
  message(FATAL_ERROR "${names}: stale, not what `archc stdlib --format markdown` prints from stdlib/*.arch\n"
                      "help: run `cmake --build BUILD --target archc_docs` and commit the result")
endif()
