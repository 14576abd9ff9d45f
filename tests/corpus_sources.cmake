# Every file of tests/corpus names its source on its first line: `// Source: OWNER/REPO …`,
# then the paths read. A transcription without its source cannot be checked against it.
file(GLOB files ${CORPUS}/*.arch)
list(LENGTH files count)
if(count LESS 20)
  message(FATAL_ERROR "tests/corpus holds ${count} systems; the corpus is at least 20")
endif()
foreach(f ${files})
  file(STRINGS ${f} first LIMIT_COUNT 1)
  if(NOT first MATCHES "^// Source: [A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
    message(FATAL_ERROR "${f}: the first line must name the source, `// Source: OWNER/REPO …` (it reads `${first}`)")
  endif()
endforeach()
