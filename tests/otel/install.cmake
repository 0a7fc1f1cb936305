# The OTLP tests' client, installed into the build directory from the lock: run by ctest as the
# fixture the JS SDK tests require. Installed already from the same lock: kept. No npm here: said,
# and the tests that need it skip (under CI=true they fail instead).
#   cmake -DSOURCE=tests/otel -DDEST=build/.../otel -P install.cmake
cmake_minimum_required(VERSION 3.25)

find_program(NPM npm)
find_program(NODE node)
if(NOT NPM OR NOT NODE)
    message(STATUS "skipped: the OTLP client tests need Node.js and npm (apt-get install nodejs npm)")
    return()
endif()

file(MAKE_DIRECTORY "${DEST}")
foreach(f package.json export.mjs)
    file(COPY_FILE "${SOURCE}/${f}" "${DEST}/${f}" ONLY_IF_DIFFERENT)
endforeach()
set(lock "${SOURCE}/package-lock.json")
set(installed "${DEST}/package-lock.json")
if(EXISTS "${DEST}/node_modules/.package-lock.json" AND EXISTS "${installed}")
    file(SHA256 "${lock}" wanted)
    file(SHA256 "${installed}" have)
    if(wanted STREQUAL have)
        message(STATUS "the OpenTelemetry JS SDK is installed in ${DEST} from the lock")
        return()
    endif()
endif()
file(COPY_FILE "${lock}" "${installed}")
execute_process(
    COMMAND "${NPM}" ci --prefix "${DEST}" --no-audit --no-fund --ignore-scripts
    RESULT_VARIABLE result
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err)
if(NOT result EQUAL 0)
    file(REMOVE "${installed}")
    message(FATAL_ERROR "npm ci of the OTLP client failed (${result}):\n${out}\n${err}")
endif()
message(STATUS "the OpenTelemetry JS SDK installed in ${DEST} from the lock")
