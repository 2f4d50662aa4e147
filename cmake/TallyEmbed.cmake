# tally_embed(OUTPUT file.cpp FUNCTION name FILES a b ...)
# Generates a C++ source defining `std::vector<tally::core::EmbeddedFile> NAME()` with the
# contents of FILES, regenerated whenever one of them changes. The binary needs no files
# beside it.
set(TALLY_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake)

function(tally_embed)
  cmake_parse_arguments(E "" "OUTPUT;FUNCTION" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${E_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${E_OUTPUT} -DFUNCTION=${E_FUNCTION}
            "-DFILES=${E_FILES}" -P ${TALLY_EMBED_SCRIPT}
    DEPENDS ${E_FILES} ${TALLY_EMBED_SCRIPT}
    COMMENT "Embedding ${E_FUNCTION}"
    VERBATIM)
endfunction()

# tally_embed_web(OUTPUT file.cpp FUNCTION name DIR dist FALLBACK index.html)
# Like tally_embed, for the built web app: every file under DIR, bytes and all. DIR is
# Vite's output, whose file names carry content hashes, so the list is read when the
# source is generated; a new build rewrites DIR/index.html, which triggers that.
set(TALLY_EMBED_DIR_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_dir.cmake)

function(tally_embed_web)
  cmake_parse_arguments(E "" "OUTPUT;FUNCTION;DIR;FALLBACK" "" ${ARGN})
  set(depends ${E_FALLBACK} ${TALLY_EMBED_DIR_SCRIPT})
  if(EXISTS ${E_DIR}/index.html)
    list(APPEND depends ${E_DIR}/index.html)
  endif()
  add_custom_command(
    OUTPUT ${E_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${E_OUTPUT} -DFUNCTION=${E_FUNCTION} -DDIR=${E_DIR}
            -DFALLBACK=${E_FALLBACK} -P ${TALLY_EMBED_DIR_SCRIPT}
    DEPENDS ${depends}
    COMMENT "Embedding the web app from ${E_DIR}"
    VERBATIM)
endfunction()
