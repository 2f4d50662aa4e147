# tally_module(NAME SOURCES ... DEPS ... [TESTS ...] [TEST_DEPS ...])
# Declares the static library tally_NAME (alias tally::NAME) and, in developer mode,
# its unit-test executable tally_NAME_test registered with CTest.
function(tally_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS;TESTS;TEST_DEPS" ${ARGN})
  add_library(tally_${name} STATIC ${M_SOURCES})
  add_library(tally::${name} ALIAS tally_${name})
  target_include_directories(tally_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(tally_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  if(TALLY_DEVELOPER_MODE AND M_TESTS)
    tally_test(tally_${name}_test SOURCES ${M_TESTS} DEPS tally_${name} ${M_TEST_DEPS})
  endif()
endfunction()

# tally_test(TARGET SOURCES ... DEPS ...): a GoogleTest executable, one CTest test per case.
function(tally_test target)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${target} ${T_SOURCES})
  target_link_libraries(${target} PRIVATE ${T_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${target} DISCOVERY_MODE PRE_TEST DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "TALLY_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
