# `archc check` over many files in one call (ISSUE 4, "done when"): 200 copies of the example
# report nothing and exit 0; with one connection reversed in one copy, exactly one error,
# naming that copy. The output does not depend on how many files are checked at once.
#
#   cmake -DARCHC=build/archc -DINPUT=examples/cloud_platform.arch -DWORK=DIR -P tests/check_many.cmake

set(copies 200)
set(reversed_copy copy_137.arch)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(READ ${INPUT} text)
set(files "")
foreach(i RANGE 1 ${copies})
  file(WRITE ${WORK}/copy_${i}.arch "${text}")
  list(APPEND files copy_${i}.arch)
endforeach()

function(check out_status out_stdout out_stderr)
  execute_process(COMMAND ${ARCHC} check ${ARGN} ${files} WORKING_DIRECTORY ${WORK}
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  set(${out_status} "${status}" PARENT_SCOPE)
  set(${out_stdout} "${stdout}" PARENT_SCOPE)
  set(${out_stderr} "${stderr}" PARENT_SCOPE)
endfunction()

check(status stdout stderr)
if(NOT status EQUAL 0 OR NOT stdout STREQUAL "" OR NOT stderr STREQUAL "")
  message(FATAL_ERROR "${copies} clean copies: expected exit 0 and no output, got ${status}:\n${stdout}${stderr}")
endif()

string(REPLACE "connect(flink, kafka)" "connect(kafka, flink)" reversed "${text}")
if(reversed STREQUAL text)
  message(FATAL_ERROR "the example has no `connect(flink, kafka)` to reverse")
endif()
file(WRITE ${WORK}/${reversed_copy} "${reversed}")

check(status stdout stderr)
string(REGEX MATCHALL "error\\[" errors "${stderr}")
list(LENGTH errors error_count)
if(NOT status EQUAL 1 OR NOT error_count EQUAL 1)
  message(FATAL_ERROR "one reversed copy: expected exit 1 and one error, got ${status} and ${error_count}:\n${stderr}")
endif()
if(NOT stderr MATCHES "^${reversed_copy}:[0-9]+:[0-9]+: error\\[consumers-dial-brokers\\]")
  message(FATAL_ERROR "the error does not name `${reversed_copy}` and its rule:\n${stderr}")
endif()

check(status one_job_stdout one_job_stderr --jobs 1)
if(NOT one_job_stderr STREQUAL stderr OR NOT status EQUAL 1)
  message(FATAL_ERROR "`--jobs 1` reports differently:\n${one_job_stderr}\nversus\n${stderr}")
endif()

check(status stdout stderr --format github)
string(REGEX MATCHALL "::error " lines "${stdout}")
list(LENGTH lines line_count)
if(NOT line_count EQUAL 1 OR NOT stdout MATCHES "^::error file=${reversed_copy},line=")
  message(FATAL_ERROR "--format github: expected one annotation on ${reversed_copy}, got:\n${stdout}")
endif()
