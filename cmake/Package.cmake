# cpack -G DEB, in the build directory: two packages. costpanel (component app): the binary, its
# desktop entry, icon and man page. costpanel-dev (component dev): the static libraries, the headers,
# the CMake package and costpanel.pc.
set(CPACK_PACKAGE_NAME costpanel)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Empty, not unset: CPack would put it (by default the project's description) above both packages'
# descriptions, whose first lines are their own summaries.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(COSTPANEL_PACKAGE_MAINTAINER "costpanel maintainers" CACHE STRING "The Maintainer field of the .deb packages")
set(CPACK_PACKAGE_CONTACT "${COSTPANEL_PACKAGE_MAINTAINER}")
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL dev)
if(TARGET costpanel)
    list(PREPEND CPACK_COMPONENTS_ALL app)
endif()
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # costpanel_0.1.0_amd64.deb

set(CPACK_DEBIAN_APP_PACKAGE_NAME costpanel)
set(CPACK_DEBIAN_APP_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_APP_DESCRIPTION "What your LLM calls cost, while your agents run
A panel beside a multi-agent orchestrator that turns its stream of JSON-line
events into exact numbers: the session total, cost and tokens per model grouped
by provider, and the MMA Tier 1-4 breakdown, at the providers' list prices.
A window of its own (Dear ImGui, GLFW, OpenGL), a SQLite history, and headless
commands for scripts (watch, summarize, import, report, export, budget).")
# The runtime packages the binary links, found by dpkg-shlibdeps (dpkg-dev; CPack finds the ELF files
# with file(1)); without it, the same list by hand. libgl1 either way: GLFW loads libGL.so.1 (GLX)
# at run time, which no ELF header names.
find_program(COSTPANEL_DPKG_SHLIBDEPS dpkg-shlibdeps)
find_program(COSTPANEL_FILE file)
if(COSTPANEL_DPKG_SHLIBDEPS AND COSTPANEL_FILE)
    set(CPACK_DEBIAN_APP_PACKAGE_SHLIBDEPS ON)
    set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS "libgl1, tzdata")  # GLFW loads GL; the zones are read at run time
else()
    set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS
        "libc6, libgcc-s1, libstdc++6, libglfw3, libopengl0, libgl1, libsqlite3-0, libstb0, libdate-tz3, tzdata")
endif()

set(CPACK_DEBIAN_DEV_PACKAGE_NAME costpanel-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_DESCRIPTION "costpanel's libraries: the core and the embeddable Dear ImGui panel
Static libraries and headers for a C++20 host: costpanel::core (pricing, the
protocol, session state, ingest, the SQLite store; no ImGui), costpanel::ui (the
panel, drawn in the host's Dear ImGui frames) and costpanel::control (a control
channel for tests of an OpenGL host); a CMake package and costpanel.pc.")
# What costpanelConfig.cmake and costpanel.pc look for.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "nlohmann-json3-dev (>= ${COSTPANEL_NLOHMANN_JSON_MIN}), libsqlite3-dev, libhowardhinnant-date-dev, libsimdjson-dev, libimgui-dev, libgl-dev, pkg-config")

include(CPack)
