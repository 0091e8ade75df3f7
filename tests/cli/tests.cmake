# CLI tests: every tests/cli/*.sh drives the built binary ($SV_BINARY).
file(GLOB SV_CLI_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/cli/*.sh)
foreach(script ${SV_CLI_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME cli/${name} COMMAND bash ${script})
  set_tests_properties(cli/${name} PROPERTIES
    ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>"
    LABELS cli)
endforeach()
