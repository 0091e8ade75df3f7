# The store contract suite and the store integration tests, each run against
# both backends. The PostgreSQL runs need $SV_TEST_PG (scripts/test-env
# starts a throwaway server); without it they fail, unless SV_NO_PG=1, when
# they are skipped (exit code 77).
set(SV_STORE_HARNESS ${CMAKE_SOURCE_DIR}/tests/store/harness.c)
foreach(prog contract crash concurrency)
  if(EXISTS ${CMAKE_SOURCE_DIR}/tests/store/test_${prog}.c)
    add_executable(store_${prog} ${CMAKE_SOURCE_DIR}/tests/store/test_${prog}.c ${SV_STORE_HARNESS})
    target_link_libraries(store_${prog} PRIVATE stegvis_lib PkgConfig::CMOCKA)
    target_include_directories(store_${prog} PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/store)
    foreach(backend sqlite pg)
      add_test(NAME store/${prog}-${backend} COMMAND store_${prog} ${backend})
      set_tests_properties(store/${prog}-${backend} PROPERTIES
        ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>"
        SKIP_RETURN_CODE 77
        LABELS "store;${backend}")
    endforeach()
  endif()
endforeach()

# The benchmark (make bench, never part of ctest).
if(EXISTS ${CMAKE_SOURCE_DIR}/bench/bench_store.c)
  add_executable(bench_store EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/bench/bench_store.c)
  target_link_libraries(bench_store PRIVATE stegvis_lib)
endif()
