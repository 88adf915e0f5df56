#pragma once
// Which sanitizer instruments this build. GCC defines __SANITIZE_ADDRESS__ and
// __SANITIZE_THREAD__; clang 14 answers only through __has_feature.

#if defined(__SANITIZE_ADDRESS__)
#define EMBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EMBER_ASAN 1
#endif
#endif

#if defined(__SANITIZE_THREAD__)
#define EMBER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define EMBER_TSAN 1
#endif
#endif
