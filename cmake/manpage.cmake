# Writes the man page (archc.1) and the bash completion (archc.bash) from the binary's own
# --help texts, so that neither can drift from the options: cmake -DARCHC=... -DOUT_DIR=...
# -DVERSION=... -P cmake/manpage.cmake (run by the build after archc is linked).
set(commands "" check fmt stdlib serve lsp)
set(page ".TH ARCHC 1 \"\" \"archc ${VERSION}\" \"User Commands\"\n.SH NAME\narchc \\- compiles architecture diagrams (.arch files) to HTML, SVG and JSON, checks them, formats them, serves them\n.SH SYNOPSIS\n.nf\narchc FILE.arch \\-o OUT.html|OUT.svg|OUT.json|DIR/ [OPTIONS]\narchc check [OPTIONS] FILE...\narchc fmt [\\-\\-check] [\\-\\-diff] FILE... | \\-\narchc stdlib [OPTIONS]\narchc serve [DIR] [OPTIONS]\narchc lsp\n.fi\n.SH DESCRIPTION\nEach command's options follow, as \\fBarchc\\fR COMMAND \\fB\\-\\-help\\fR prints them.\n")
set(completion_cases "")
foreach(cmd IN LISTS commands)
  if(cmd STREQUAL "")
    execute_process(COMMAND ${ARCHC} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
    set(title "archc")
  else()
    execute_process(COMMAND ${ARCHC} ${cmd} --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
    set(title "archc ${cmd}")
  endif()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "`${title} --help` failed (${rc})")
  endif()
  # roff: backslashes escaped, lines that start with . or ' protected.
  string(REPLACE "\\" "\\e" text "${help}")
  string(REGEX REPLACE "\n([.'])" "\n\\\\&\\1" text "\n${text}")
  string(APPEND page ".SH \"${title}\"\n.nf\n${text}\n.fi\n")
  # The options of the command, for completion.
  string(REGEX MATCHALL "(^|[ ,\n])--?[A-Za-z][A-Za-z0-9-]*" found "${help}")
  set(options "")
  foreach(o IN LISTS found)
    string(REGEX REPLACE "^[ ,\n]" "" o "${o}")
    list(APPEND options "${o}")
  endforeach()
  list(REMOVE_DUPLICATES options)
  list(JOIN options " " options)
  if(cmd STREQUAL "")
    set(main_options "${options}")
  else()
    string(APPEND completion_cases "    ${cmd}) opts=\"${options}\" ;;\n")
  endif()
endforeach()
string(APPEND page ".SH \"SEE ALSO\"\nThe documentation: docs/cli.md, docs/language.md, docs/serve.md and docs/editors.md of the archc repository.\n")
file(WRITE ${OUT_DIR}/archc.1 "${page}")
file(WRITE ${OUT_DIR}/archc.bash "# bash completion for archc, generated from its --help texts
_archc() {
  local cur=\${COMP_WORDS[COMP_CWORD]} sub='' opts w
  for w in \"\${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do
    case \"\$w\" in check|fmt|stdlib|serve|lsp) sub=\$w; break ;; esac
  done
  case \"\$sub\" in
${completion_cases}    *) opts=\"${main_options}\" ;;
  esac
  if [[ \$cur == -* ]]; then
    COMPREPLY=(\$(compgen -W \"\$opts\" -- \"\$cur\"))
  else
    COMPREPLY=(\$(compgen -f -X '!*.arch' -- \"\$cur\") \$(compgen -d -- \"\$cur\"))
    [[ -z \$sub ]] && COMPREPLY+=(\$(compgen -W 'check fmt stdlib serve lsp' -- \"\$cur\"))
  fi
}
complete -o filenames -F _archc archc
")
