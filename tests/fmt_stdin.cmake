# `archc fmt -` reads stdin and writes the canonical text to stdout; with a syntax error it
# writes the text unchanged and exits 1.
file(WRITE ${WORK}.in "service  a\nconnect( a ,b )\nservice b\n")
execute_process(COMMAND ${ARCHC} fmt - INPUT_FILE ${WORK}.in OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out STREQUAL "service a\nconnect(a, b)\nservice b\n")
  message(FATAL_ERROR "archc fmt - gave ${rc} and `${out}`")
endif()
file(WRITE ${WORK}.in "service  a\nconnect(a\n")
execute_process(COMMAND ${ARCHC} fmt - INPUT_FILE ${WORK}.in OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 1 OR NOT out STREQUAL "service  a\nconnect(a\n" OR NOT err MATCHES "error\\[syntax\\]")
  message(FATAL_ERROR "archc fmt - on a syntax error gave ${rc}, `${out}`, `${err}`")
endif()
file(REMOVE ${WORK}.in)
