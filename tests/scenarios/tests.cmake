# Scenario tests: every tests/scenarios/test_*.c is an executable that drives
# the real binary over HTTP on a fixed clock (see tests/scenarios/harness.h),
# linked with libcurl, the HTTP test client (tests/http/client.h) and the
# store harness (tests/store/harness.h: a fresh database on either backend).
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
file(GLOB SV_SCENARIO_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/scenarios/test_*.c)
file(GLOB SV_SCENARIO_HARNESS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/scenarios/harness*.c)
foreach(src ${SV_SCENARIO_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(scenario_${name} ${src} ${SV_SCENARIO_HARNESS}
    ${CMAKE_SOURCE_DIR}/tests/http/client.c ${CMAKE_SOURCE_DIR}/tests/store/harness.c)
  target_link_libraries(scenario_${name} PRIVATE stegvis_lib PkgConfig::CURL)
  target_include_directories(scenario_${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/scenarios
    ${CMAKE_SOURCE_DIR}/tests/http ${CMAKE_SOURCE_DIR}/tests/store)
  if(name MATCHES "^test_case_")
    # The workflow scenarios run once per backend (PostgreSQL under
    # scripts/test-env; skipped with exit 77 when SV_NO_PG=1 and no server).
    foreach(backend sqlite pg)
      add_test(NAME scenarios/${name}-${backend} COMMAND scenario_${name} ${backend})
      set_tests_properties(scenarios/${name}-${backend} PROPERTIES
        ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>"
        SKIP_RETURN_CODE 77
        LABELS "scenarios;${backend}" TIMEOUT 300)
    endforeach()
  else()
    add_test(NAME scenarios/${name} COMMAND scenario_${name})
    set_tests_properties(scenarios/${name} PROPERTIES
      ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>"
      LABELS scenarios TIMEOUT 300)
  endif()
endforeach()

# The workflow benchmark's generator (bench/workflow.sh, make bench; never part of ctest).
if(EXISTS ${CMAKE_SOURCE_DIR}/bench/bench_workflow.c)
  add_executable(bench_workflow EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/bench/bench_workflow.c)
  target_link_libraries(bench_workflow PRIVATE stegvis_lib)
endif()
