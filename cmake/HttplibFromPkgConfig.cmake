# costpanel::httplib from pkg-config. Debian's libcpp-httplib-dev ships the library built with zlib,
# brotli and OpenSSL, its header and cpp-httplib.pc (whose flags say so), no CMake package. Used by
# the build and installed beside costpanelConfig.cmake, so that a host linking the static core finds
# it the same way.
if(NOT TARGET costpanel::httplib)
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND)
        pkg_check_modules(COSTPANEL_HTTPLIB QUIET IMPORTED_TARGET GLOBAL cpp-httplib)
    endif()
    if(COSTPANEL_HTTPLIB_FOUND)
        add_library(costpanel::httplib INTERFACE IMPORTED GLOBAL)
        target_link_libraries(costpanel::httplib INTERFACE PkgConfig::COSTPANEL_HTTPLIB)
    endif()
endif()
