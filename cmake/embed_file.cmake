# Writes a C++ source holding a file's bytes: cmake -DIN=... -DOUT=... -DSYMBOL=... -P embed_file.cmake
# Bytes rather than a raw string literal: any content is safe and compilers take it at any size.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp" "// Generated from ${IN}; do not edit.\n#include <string_view>\n\nnamespace costpanel::embedded {\n\nstatic const unsigned char kBytes[] = {\n${bytes}0x00};\n\nextern const std::string_view ${SYMBOL}(reinterpret_cast<const char*>(kBytes), ${size});\n\n}  // namespace costpanel::embedded\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
