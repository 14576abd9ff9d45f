# Human diagnostics are coloured on a terminal only, and never with NO_COLOR set.
# `script` (util-linux) gives archc a pseudo-terminal.
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/bad.arch "service a\nconnect(a, nowhere)\n")
string(ASCII 27 esc)
execute_process(COMMAND script -qec "${ARCHC} check ${WORK}/bad.arch" /dev/null
                OUTPUT_VARIABLE tty ERROR_VARIABLE tty_err)
if(NOT tty MATCHES "${esc}\\[")
  message(FATAL_ERROR "no colour on a terminal:\n${tty}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env NO_COLOR=1 script -qec "${ARCHC} check ${WORK}/bad.arch" /dev/null
                OUTPUT_VARIABLE no_color)
if(no_color MATCHES "${esc}\\[" OR NOT no_color MATCHES "unknown-node")
  message(FATAL_ERROR "colour despite NO_COLOR:\n${no_color}")
endif()
execute_process(COMMAND ${ARCHC} check ${WORK}/bad.arch OUTPUT_VARIABLE piped ERROR_VARIABLE piped_err)
if(piped_err MATCHES "${esc}\\[" OR NOT piped_err MATCHES "unknown-node")
  message(FATAL_ERROR "colour into a pipe:\n${piped_err}")
endif()
