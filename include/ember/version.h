#pragma once
/// Ember's version. This header is the one place it is written: CMake reads it for the project
/// and package version (find_package(Ember 0.2) checks it), and `version()` reports the version
/// of the library a program actually runs against, which may differ from the headers it was
/// compiled with.

#define EMBER_VERSION_MAJOR 0
#define EMBER_VERSION_MINOR 2
#define EMBER_VERSION_PATCH 0
#define EMBER_VERSION "0.2.0"

namespace ember {

/// The library's version as "MAJOR.MINOR.PATCH" (the headers' is EMBER_VERSION).
const char* version();

}  // namespace ember
