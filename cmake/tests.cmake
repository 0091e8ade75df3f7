# Unit tests: every tests/unit/**/test_*.c is one cmocka executable and one ctest.
pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka)
file(GLOB_RECURSE SV_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/unit/test_*.c
  ${CMAKE_SOURCE_DIR}/tests/unit/*/test_*.c)
foreach(src ${SV_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE stegvis_lib PkgConfig::CMOCKA)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES
    ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>"
    LABELS unit)
endforeach()

# Integration tests: shell or C drivers under tests/{cli,store,http,scenarios}
# register themselves through tests/<dir>/tests.cmake when present.
foreach(dir cli store http scenarios browser)
  if(EXISTS ${CMAKE_SOURCE_DIR}/tests/${dir}/tests.cmake)
    include(${CMAKE_SOURCE_DIR}/tests/${dir}/tests.cmake)
  endif()
endforeach()
