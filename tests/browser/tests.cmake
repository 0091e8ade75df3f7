# Browser tests: every tests/browser/*.test.mjs is one `node --test` run and
# one ctest. They start the built `stegvis serve` on a fresh SQLite database,
# drive Debian's Chromium through playwright-core and check every screen with
# axe-core; screenshots go to <build>/browser-artifacts/. scripts/setup-web
# installs the browser and the npm packages. Not run under the sanitizers.
find_program(SV_NODE node)
if(SV_NODE)
  file(GLOB SV_BROWSER_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/browser/*.test.mjs)
  foreach(src ${SV_BROWSER_TESTS})
    get_filename_component(name ${src} NAME)
    string(REGEX REPLACE "\\.test\\.mjs$" "" name ${name})
    add_test(NAME browser/${name} COMMAND ${SV_NODE} --test ${src})
    set_tests_properties(browser/${name} PROPERTIES
      ENVIRONMENT "SV_SOURCE_DIR=${CMAKE_SOURCE_DIR};SV_BINARY=$<TARGET_FILE:stegvis>;SV_ARTIFACTS=${CMAKE_BINARY_DIR}/browser-artifacts"
      LABELS "browser;nosan"
      TIMEOUT 180)
  endforeach()
else()
  message(STATUS "node not found: browser tests are not registered (run scripts/setup-web)")
endif()
