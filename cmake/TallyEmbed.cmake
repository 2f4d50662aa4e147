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
