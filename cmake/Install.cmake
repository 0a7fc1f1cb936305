# cmake --install: the libraries, the public headers, a CMake package (costpanelConfig.cmake) and
# costpanel.pc into the dev component; the costpanel binary into app (packaging/ adds the rest of app).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(costpanel_libraries costpanel_core)
set_target_properties(costpanel_core PROPERTIES EXPORT_NAME core)
set(COSTPANEL_PACKAGE_HAS_UI OFF)
set(COSTPANEL_PACKAGE_HAS_CONTROL OFF)
set(COSTPANEL_PC_REQUIRES "nlohmann_json >= ${COSTPANEL_NLOHMANN_JSON_MIN}, sqlite3")
set(COSTPANEL_PC_LIBS "-lcostpanel_core")
set(COSTPANEL_PC_WHAT "")
if(TARGET costpanel_ui)
    list(APPEND costpanel_libraries costpanel_ui)
    set_target_properties(costpanel_ui PROPERTIES EXPORT_NAME ui)
    set(COSTPANEL_PACKAGE_HAS_UI ON)
    string(APPEND COSTPANEL_PC_REQUIRES ", imgui")
    set(COSTPANEL_PC_LIBS "-lcostpanel_ui ${COSTPANEL_PC_LIBS}")
    set(COSTPANEL_PC_WHAT " and the Dear ImGui panel")
endif()
if(TARGET costpanel_control)
    list(APPEND costpanel_libraries costpanel_control)
    set_target_properties(costpanel_control PROPERTIES EXPORT_NAME control)
    set(COSTPANEL_PACKAGE_HAS_CONTROL ON)
    string(APPEND COSTPANEL_PC_REQUIRES ", gl")
    set(COSTPANEL_PC_LIBS "-lcostpanel_control ${COSTPANEL_PC_LIBS}")
    set(COSTPANEL_PC_WHAT ", the Dear ImGui panel and its control channel")
endif()

install(TARGETS ${costpanel_libraries} EXPORT costpanelTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/costpanel DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)

set(costpanel_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/costpanel)
install(EXPORT costpanelTargets NAMESPACE costpanel:: DESTINATION ${costpanel_cmake_dir} COMPONENT dev)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/costpanelConfig.cmake.in
    ${PROJECT_BINARY_DIR}/costpanelConfig.cmake INSTALL_DESTINATION ${costpanel_cmake_dir})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/costpanelConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/costpanelConfig.cmake
    ${PROJECT_BINARY_DIR}/costpanelConfigVersion.cmake
    ${PROJECT_SOURCE_DIR}/cmake/ImGuiFromPkgConfig.cmake
    ${PROJECT_SOURCE_DIR}/cmake/HttplibFromPkgConfig.cmake
    DESTINATION ${costpanel_cmake_dir} COMPONENT dev)

# costpanel.pc names its prefix, which is known only at install time (cmake --install --prefix, and
# cpack installs to /usr under a DESTDIR): configured here with the prefix left as
# @CMAKE_INSTALL_PREFIX@, then again when installing.
set(COSTPANEL_PC_PREFIX "@CMAKE_INSTALL_PREFIX@")
foreach(kind LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
        set(COSTPANEL_PC_${kind} "${CMAKE_INSTALL_${kind}}")
    else()
        set(COSTPANEL_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
    endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/costpanel.pc.in ${PROJECT_BINARY_DIR}/costpanel.pc.in @ONLY)
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
    set(costpanel_pc_dir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
else()
    set(costpanel_pc_dir "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig")
endif()
install(CODE "
    set(costpanel_pc \"\$ENV{DESTDIR}${costpanel_pc_dir}/costpanel.pc\")
    message(STATUS \"Installing: \${costpanel_pc}\")
    configure_file(\"${PROJECT_BINARY_DIR}/costpanel.pc.in\" \"\${costpanel_pc}\" @ONLY)
    list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${costpanel_pc}\")
" COMPONENT dev)

if(TARGET costpanel)
    install(TARGETS costpanel RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT app)
endif()
