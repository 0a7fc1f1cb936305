# imgui::imgui from pkg-config. Debian's libimgui-dev ships libimgui.a (with the GLFW and OpenGL3
# backends inside) and imgui.pc, no CMake package. Used by the build (third_party/) and installed
# beside costpanelConfig.cmake, so that a host finds costpanel::ui's imgui::imgui the same way.
if(NOT TARGET imgui::imgui)
    find_package(PkgConfig QUIET)
    if(PkgConfig_FOUND)
        pkg_check_modules(IMGUI QUIET IMPORTED_TARGET GLOBAL imgui)
    endif()
    # An imported target of its own, not an alias, so that costpanel's exported targets name
    # imgui::imgui (a host may bring its own) rather than PkgConfig::IMGUI.
    if(IMGUI_FOUND)
        add_library(imgui::imgui INTERFACE IMPORTED GLOBAL)
        target_link_libraries(imgui::imgui INTERFACE PkgConfig::IMGUI)
    endif()
endif()
