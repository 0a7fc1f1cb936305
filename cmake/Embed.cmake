# costpanel_embed(<target> <file> <symbol>): compiles <file> into <target> as
# `extern const std::string_view costpanel::embedded::<symbol>`, regenerated when the file changes.
function(costpanel_embed target file symbol)
    set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cpp")
    add_custom_command(
        OUTPUT "${out}"
        COMMAND "${CMAKE_COMMAND}" -DIN=${file} -DOUT=${out} -DSYMBOL=${symbol} -P "${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake"
        DEPENDS "${file}" "${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake"
        COMMENT "Embedding ${file}"
        VERBATIM)
    target_sources(${target} PRIVATE "${out}")
endfunction()
