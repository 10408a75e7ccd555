# npm_setup.cmake - run as `cmake -DNPM=... -DDIR=... -P npm_setup.cmake`:
# installs the integration tests' node modules with `npm ci` (exactly what
# package-lock.json says, from the npm registry) unless node_modules already
# matches the lock file. The match is a SHA-256 stamp of package-lock.json
# written after a successful install, so an edited lock file reinstalls.
file(SHA256 ${DIR}/package-lock.json want)
set(stamp ${DIR}/node_modules/.smsb-lock-sha256)
if(EXISTS ${stamp})
  file(READ ${stamp} have)
  string(STRIP "${have}" have)
  if(have STREQUAL want AND EXISTS ${DIR}/node_modules/smpp/package.json)
    message(STATUS "node_modules is up to date with package-lock.json")
    return()
  endif()
endif()
message(STATUS "running npm ci in ${DIR}")
execute_process(COMMAND ${NPM} ci --no-audit --no-fund
  WORKING_DIRECTORY ${DIR} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "npm ci failed (exit ${rc}); the integration tests need the npm registry once")
endif()
file(WRITE ${stamp} "${want}\n")
