# Self-test of cmake/check_includes.cmake on the fixture tree beside this file:
#   cmake -DCHECKER=FILE -DFIXTURE=DIR -P check_includes_test.cmake
# mid.cpp includes base's repository and top (undeclared); top.cpp includes base, which it
# reaches only through mid. Each case checks the exit status and the lines reported.
cmake_minimum_required(VERSION 3.25)

set(failures 0)

# run(NAME TABLE ALLOW EXPECT_FAIL PATTERNS... [ABSENT patterns...])
function(run name table allow expect_fail)
  cmake_parse_arguments(C "" "" "PRESENT;ABSENT" ${ARGN})
  execute_process(COMMAND ${CMAKE_COMMAND} -DROOT=${FIXTURE} -DTABLE=${FIXTURE}/${table}
                          -DALLOW=${allow} -P ${CHECKER}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(text "${out}${err}")
  set(ok ON)
  if(expect_fail AND status EQUAL 0)
    message(SEND_ERROR "${name}: the check passed; it should have failed")
    set(ok OFF)
  elseif(NOT expect_fail AND NOT status EQUAL 0)
    message(SEND_ERROR "${name}: the check failed; it should have passed")
    set(ok OFF)
  endif()
  foreach(pattern IN LISTS C_PRESENT)
    if(NOT text MATCHES "${pattern}")
      message(SEND_ERROR "${name}: no line matches \"${pattern}\"")
      set(ok OFF)
    endif()
  endforeach()
  foreach(pattern IN LISTS C_ABSENT)
    if(text MATCHES "${pattern}")
      message(SEND_ERROR "${name}: a line matches \"${pattern}\"; it should not")
      set(ok OFF)
    endif()
  endforeach()
  if(ok)
    message(STATUS "${name}: as expected")
  else()
    message(STATUS "${name}: the checker said:\n${text}")
  endif()
endfunction()

run(every_violation modules.cmake "" ON
    PRESENT "cross module boundaries \\(3\\)"
            "src/tally/mid/mid.cpp: includes tally/base/base_repo.hpp: the repository of base"
            "src/tally/mid/mid.cpp: includes tally/top/top.hpp: module mid does not declare top"
            "src/tally/top/top.cpp: includes tally/base/base.hpp: module top does not declare base"
    ABSENT "mid_test.cpp" "src/tally/base/base.cpp" "mid.cpp: includes tally/base/base.hpp")
run(allowed_exception modules.cmake ${FIXTURE}/allow_top.txt ON
    PRESENT "cross module boundaries \\(2\\)" "mid.cpp: includes tally/top/top.hpp"
    ABSENT "top.cpp: includes")
run(stale_exception modules.cmake ${FIXTURE}/allow_stale.txt ON
    PRESENT "\"base tally/top/top.hpp\" is allowed but no longer happens")
run(clean_tree base_only.cmake "" OFF PRESENT "files keep to their modules")
