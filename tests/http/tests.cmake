# The JSON API over real HTTP (tests/http/test_api.c): the built binary on a
# loopback port, once per backend. The PostgreSQL run needs $SV_TEST_PG
# (scripts/test-env); with SV_NO_PG=1 and no server it is skipped.
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
add_executable(http_api ${CMAKE_SOURCE_DIR}/tests/http/test_api.c
  ${CMAKE_SOURCE_DIR}/tests/http/client.c ${CMAKE_SOURCE_DIR}/tests/store/harness.c)
target_link_libraries(http_api PRIVATE stegvis_lib PkgConfig::CURL)
target_include_directories(http_api PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/http
  ${CMAKE_SOURCE_DIR}/tests/store)
foreach(backend sqlite pg)
  add_test(NAME http/api-${backend} COMMAND http_api ${backend})
  set_tests_properties(http/api-${backend} PROPERTIES
    ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>"
    SKIP_RETURN_CODE 77
    TIMEOUT 120
    LABELS "http;${backend}")
endforeach()

# The web interface's static files over real HTTP (tests/http/test_static.c).
add_executable(http_static ${CMAKE_SOURCE_DIR}/tests/http/test_static.c
  ${CMAKE_SOURCE_DIR}/tests/http/client.c ${CMAKE_SOURCE_DIR}/tests/store/harness.c)
target_link_libraries(http_static PRIVATE stegvis_lib PkgConfig::CURL)
target_include_directories(http_static PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/http
  ${CMAKE_SOURCE_DIR}/tests/store)
add_test(NAME http/static COMMAND http_static)
set_tests_properties(http/static PROPERTIES
  ENVIRONMENT "SV_BINARY=$<TARGET_FILE:stegvis>" TIMEOUT 60 LABELS "http;sqlite")

# The benchmark's data generator (make bench, never part of ctest).
add_executable(http_seed EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/bench/http_seed.c)
target_link_libraries(http_seed PRIVATE stegvis_lib)

# serve --on DATE moves the whole clock; --web DIR (tests/http/test_clock.c).
add_executable(http_clock ${CMAKE_SOURCE_DIR}/tests/http/test_clock.c
  ${CMAKE_SOURCE_DIR}/tests/http/client.c ${CMAKE_SOURCE_DIR}/tests/store/harness.c)
target_link_libraries(http_clock PRIVATE stegvis_lib PkgConfig::CURL)
target_include_directories(http_clock PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/http
  ${CMAKE_SOURCE_DIR}/tests/store)
add_test(NAME http/clock COMMAND http_clock)
set_tests_properties(http/clock PROPERTIES
  ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>" TIMEOUT 60 LABELS "http;sqlite")

# POST /api/v1/imports (tests/http/test_import.c): the admin's import with its
# own body cap, dry run, bad records, another tenant (X-5), once per backend.
add_executable(http_import ${CMAKE_SOURCE_DIR}/tests/http/test_import.c
  ${CMAKE_SOURCE_DIR}/tests/http/client.c ${CMAKE_SOURCE_DIR}/tests/store/harness.c)
target_link_libraries(http_import PRIVATE stegvis_lib PkgConfig::CURL)
target_include_directories(http_import PRIVATE ${CMAKE_SOURCE_DIR}/tests ${CMAKE_SOURCE_DIR}/tests/http
  ${CMAKE_SOURCE_DIR}/tests/store)
foreach(backend sqlite pg)
  add_test(NAME http/import-${backend} COMMAND http_import ${backend})
  set_tests_properties(http/import-${backend} PROPERTIES
    ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>"
    SKIP_RETURN_CODE 77
    TIMEOUT 120
    LABELS "http;${backend}")
endforeach()
